// Lint: typed TypeScript rules plus the architecture's import directions (see docs/ARCHITECTURE.md).
import fs from "node:fs";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

const features = fs.existsSync("web/features") ? fs.readdirSync("web/features").filter((f) => fs.statSync(`web/features/${f}`).isDirectory()) : [];
const modules = fs.existsSync("server/modules") ? fs.readdirSync("server/modules").filter((f) => fs.statSync(`server/modules/${f}`).isDirectory()) : [];

const zones = [
  { target: "./contract", from: ["./server", "./web", "./e2e", "./bench"], message: "contract/ imports nothing of ours" },
  { target: "./web", from: ["./server"], message: "the dashboard talks to the server over HTTP only" },
  { target: "./server", from: ["./web"], message: "the server never imports the dashboard" },
  { target: ["./server/platform", "./server/access"], from: "./server/modules", message: "platform/ and access/ never import a module" },
  { target: ["./web/lib", "./web/components"], from: ["./web/features", "./web/app"], message: "shared web code never imports features or the app" },
  { target: "./web/features", from: "./web/app", message: "features never import the app" },
  // A feature never imports another feature.
  ...features.map((f) => ({ target: `./web/features/${f}`, from: "./web/features", except: [`./${f}`], message: "features never import each other" })),
  // A module reaches another module through its service, never its repository.
  ...modules.map((m) => ({
    target: [...modules.filter((o) => o !== m).map((o) => `./server/modules/${o}`), "./server/app.ts", "./server/main.ts", "./server/cli"],
    from: `./server/modules/${m}/*.repo.ts`,
    message: "another module's repo is reached through its service",
  })),
];

export default tseslint.config(
  { ignores: ["node_modules/**", "web/dist/**", "build/**", "test-results/**", "playwright-report/**", ".test-output/**", "data/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "import-x": importX },
    // Resolves our `.js` import specifiers to the `.ts` sources, so the path zones below can apply.
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "import-x/no-restricted-paths": ["error", { zones }],
    },
  },
  {
    files: ["server/test/**", "**/*.test.ts", "e2e/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["web/**/*.tsx", "web/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "warn" },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
