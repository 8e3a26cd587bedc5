// Lint: typed TypeScript rules plus the architecture's import directions (see docs/ARCHITECTURE.md).
import fs from "node:fs";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const features = fs.existsSync("web/features")
  ? fs.readdirSync("web/features").filter((f) => fs.statSync(`web/features/${f}`).isDirectory())
  : [];
const modules = fs.existsSync("server/modules")
  ? fs.readdirSync("server/modules").filter((f) => fs.statSync(`server/modules/${f}`).isDirectory())
  : [];

/**
 * Modules in dependency order: a module may import only modules listed before it, so no two modules
 * can ever need each other (users ↔ invites, say). A new module is placed here.
 */
const MODULE_ORDER = [
  "events",
  "roles",
  "users",
  "invites",
  "organisations",
  "setup",
  "streams",
  "tags",
  "vod",
  "playback",
  "thumbnails",
  "ingest",
  "analytics",
  "audit",
  "live",
];
const unplaced = modules.filter((m) => !MODULE_ORDER.includes(m));
if (unplaced.length > 0) throw new Error(`eslint.config.js: place ${unplaced.join(", ")} in MODULE_ORDER`);

/** Per module: later modules are out of reach; earlier ones are reached through their *.service.ts only. */
function moduleZones() {
  return modules.flatMap((m) => {
    const rank = MODULE_ORDER.indexOf(m);
    return modules
      .filter((o) => o !== m)
      .map((o) =>
        MODULE_ORDER.indexOf(o) > rank
          ? {
              target: `./server/modules/${m}`,
              from: `./server/modules/${o}/**`,
              message: `modules depend one way (MODULE_ORDER in eslint.config.js): ${m} comes before ${o}, so it cannot import it; pass what it needs in when the services are built`,
            }
          : {
              target: `./server/modules/${m}`,
              from: `./server/modules/${o}/**`,
              except: [`**/server/modules/${o}/*.service.ts`],
              message: "another module is reached through its service, never its repo, presenter or helpers",
            },
      );
  });
}

/** Outside the modules (app, main, maintenance, cli), a module's repo is still reached through its service; tests may use repos for fixtures. */
const repoZones = modules.map((m) => ({
  target: ["./server/*.ts", "./server/cli", "./server/platform", "./server/access", "./server/db"],
  from: `./server/modules/${m}/*.repo.ts`,
  message: "a module's repo is reached through its service",
}));

/** Files that may import Kysely and build queries: the database layer and the repositories. */
const QUERY_FILES = ["server/db/**", "server/**/*.repo.ts"];
/** Tests check the database directly. */
const TEST_FILES = ["server/test/**", "server/**/*.test.ts", "server/**/test-support.ts"];
const QUERY_BUILDERS = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "transaction"];

const zones = [
  {
    target: "./contract",
    from: ["./server", "./web", "./e2e", "./bench"],
    message: "contract/ imports nothing of ours",
  },
  { target: "./web", from: ["./server"], message: "the dashboard talks to the server over HTTP only" },
  { target: "./server", from: ["./web"], message: "the server never imports the dashboard" },
  {
    target: ["./server/platform", "./server/access"],
    from: "./server/modules",
    message: "platform/ and access/ never import a module",
  },
  {
    target: ["./web/lib", "./web/components"],
    from: ["./web/features", "./web/app"],
    message: "shared web code never imports features or the app",
  },
  { target: "./web/features", from: "./web/app", message: "features never import the app" },
  // A feature never imports another feature.
  ...features.map((f) => ({
    target: `./web/features/${f}`,
    from: "./web/features",
    except: [`./${f}`],
    message: "features never import each other",
  })),
  ...moduleZones(),
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "web/dist/**",
      "build/**",
      "test-results/**",
      "playwright-report/**",
      ".test-output/**",
      "data/**",
      "**/*.d.ts",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "import-x": importX },
    // Resolves our `.js` import specifiers to the `.ts` sources, so the path zones below can apply.
    // import-x must also parse .ts files itself, or no-cycle sees no imports in them and never fires.
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
      "import-x/extensions": [".ts", ".tsx", ".js", ".mjs"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": ["error", { zones: [...zones, ...repoZones] }],
      // No file-level import cycles anywhere (type-only imports are erased and do not count).
      "import-x/no-cycle": "error",
    },
  },
  {
    // Kysely only in the database layer and the repositories: services hold a `Db` handle (db/handle.ts)
    // to pass on and open transactions with (inTransaction), never to build a query.
    files: ["server/**/*.ts"],
    ignores: [...QUERY_FILES, ...TEST_FILES],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "kysely", message: "Kysely belongs in server/db/ and *.repo.ts; put the query in a repo" }] },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: `CallExpression[callee.property.name=/^(${QUERY_BUILDERS.join("|")})$/]`,
          message: "queries are built in *.repo.ts or server/db/ (transactions: inTransaction from db/handle.ts)",
        },
      ],
    },
  },
  {
    // Services log through the logger they are given (CoreDeps.log), so lines carry the app's level,
    // redaction and destination.
    files: ["server/modules/**/*.ts"],
    ignores: TEST_FILES,
    rules: {
      "no-console": "error",
      "no-restricted-properties": [
        "error",
        { object: "process", property: "stderr", message: "log through the injected logger (CoreDeps.log)" },
        { object: "process", property: "stdout", message: "log through the injected logger (CoreDeps.log)" },
      ],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "kysely", message: "Kysely belongs in server/db/ and *.repo.ts" },
            { name: "pino", message: "log through the injected logger (CoreDeps.log)" },
          ],
          patterns: [{ group: ["**/platform/logging*"], message: "log through the injected logger (CoreDeps.log)" }],
        },
      ],
    },
  },
  {
    files: ["server/modules/**/*.repo.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [{ name: "pino", message: "repos do not log" }],
          patterns: [{ group: ["**/platform/logging*"], message: "repos do not log" }],
        },
      ],
    },
  },
  {
    files: ["server/test/**", "**/*.test.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "import-x/no-restricted-paths": ["error", { zones }] },
  },
  {
    files: ["web/**/*.tsx", "web/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
