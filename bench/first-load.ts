/**
 * The dashboard's first-load weight, page by page: the JavaScript a browser fetches to show each page
 * when it is the first one opened — the built `index.html`'s script and module preloads plus the
 * chunks of the routes that page opens (and everything they import statically) — in gzip bytes.
 * Reads Vite's build manifest, so it measures exactly what `npm start` serves. Every page is held to
 * the same budget; a lazy route of the router that no page below names fails the run, so a new page
 * cannot escape the measurement.
 *
 *   npm run bench:web   (builds the dashboard first when it is stale; writes bench/README.md's "web" section)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { stamp, writeReadmeSection } from "./lib.js";

type Chunk = { file: string; imports?: string[]; dynamicImports?: string[]; css?: string[]; isEntry?: boolean };

const root = path.resolve(import.meta.dirname, "..");
const dist = path.join(root, "web", "dist");
export const BUDGET_GZIP_BYTES = 150 * 1024;

/** Each page of the dashboard and the route chunks the router loads for it (manifest keys, relative to web/). */
export const PAGES: Array<{ path: string; chunks: string[] }> = [
  { path: "/organisation/overview", chunks: ["app/routes/OrganisationPage.tsx", "app/routes/OverviewTab.tsx"] },
  {
    path: "/organisation/users",
    chunks: ["app/routes/OrganisationPage.tsx", "features/users/components/UsersTab.tsx"],
  },
  {
    path: "/organisation/roles",
    chunks: ["app/routes/OrganisationPage.tsx", "features/users/components/RolesTab.tsx"],
  },
  {
    path: "/organisation/activity",
    chunks: ["app/routes/OrganisationPage.tsx", "features/activity/components/ActivityTab.tsx"],
  },
  { path: "/streams", chunks: ["app/routes/StreamsPage.tsx"] },
  { path: "/streams/:id", chunks: ["app/routes/StreamPage.tsx"] },
  { path: "/account", chunks: ["app/routes/AccountPage.tsx"] },
  { path: "/analytics", chunks: ["app/routes/AnalyticsPage.tsx"] },
  { path: "/login", chunks: ["app/routes/LoginPage.tsx"] },
  { path: "/setup", chunks: ["app/routes/SetupPage.tsx"] },
  { path: "/invite/:token", chunks: ["app/routes/InvitationPage.tsx"] },
  { path: "/reset-password/:token", chunks: ["app/routes/ResetPasswordPage.tsx"] },
];
/** The first page of a signed-in member (kept for callers that measure only it). */
export const FIRST_PAGE_CHUNKS = PAGES[0]!.chunks;

export interface FirstLoad {
  files: Array<{ file: string; gzip: number }>;
  jsGzip: number;
  cssGzip: number;
  /** Files of the whole dashboard, for comparison. */
  allJsGzip: number;
}

function readManifest(): Record<string, Chunk> {
  return JSON.parse(fs.readFileSync(path.join(dist, ".vite", "manifest.json"), "utf8")) as Record<string, Chunk>;
}

/** The router's lazily loaded pages: `page(() => import("…"))` in web/app/router.tsx, as manifest keys. */
export function routerPages(): string[] {
  const src = fs.readFileSync(path.join(root, "web", "app", "router.tsx"), "utf8");
  return [...src.matchAll(/page\(\s*\(\)\s*=>\s*import\("([^"]+)"\)/g)].map((m) =>
    path.posix.join("app", m[1]!).replace(/\.js$/, ".tsx"),
  );
}

export function measureFirstLoad(chunks: readonly string[] = FIRST_PAGE_CHUNKS): FirstLoad {
  const manifest = readManifest();
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`no chunk ${key} in the build manifest`);
    seen.add(key);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit("index.html");
  for (const k of chunks) visit(k);
  const gz = (file: string) => gzipSync(fs.readFileSync(path.join(dist, file))).length;
  const files = [...seen]
    .map((k) => ({ file: manifest[k]!.file, gzip: gz(manifest[k]!.file) }))
    .sort((a, b) => b.gzip - a.gzip);
  const allJs = fs.readdirSync(path.join(dist, "assets")).filter((f) => f.endsWith(".js"));
  return {
    files,
    jsGzip: files.reduce((n, f) => n + f.gzip, 0),
    cssGzip: [...css].reduce((n, f) => n + gz(f), 0),
    allJsGzip: allJs.reduce((n, f) => n + gz(`assets/${f}`), 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "ensure-build.mjs"), "--web"], {
    stdio: "inherit",
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const measured = new Set(PAGES.flatMap((p) => p.chunks));
  const unmeasured = routerPages().filter((k) => !measured.has(k));
  if (unmeasured.length > 0) {
    console.error(`pages of the router that bench/first-load.ts does not measure: ${unmeasured.join(", ")}`);
    process.exit(1);
  }
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = PAGES.map((p) => ({ ...p, m: measureFirstLoad(p.chunks) }));
  for (const { path: page, m } of rows)
    console.log(`${kb(m.jsGzip).padStart(9)}  ${page}${m.jsGzip > BUDGET_GZIP_BYTES ? "  OVER BUDGET" : ""}`);
  const worst = rows.reduce((a, b) => (b.m.jsGzip > a.m.jsGzip ? b : a));
  const allMet = rows.every((p) => p.m.jsGzip <= BUDGET_GZIP_BYTES);
  console.log(
    `largest first load: ${worst.path} ${kb(worst.m.jsGzip)} gzip (budget ${kb(BUDGET_GZIP_BYTES)} for every page); whole dashboard ${kb(worst.m.allJsGzip)}`,
  );
  const biggest = worst.m.files
    .slice(0, 4)
    .map((f) => `\`${f.file.replace(/^assets\//, "").replace(/-[\w-]{8}\.js$/, ".js")}\` ${kb(f.gzip)}`);
  writeReadmeSection(
    "web",
    `### Dashboard first load

_${stamp()} · \`npm run bench:web\` · from the production build's manifest_

JavaScript a browser fetches when the page is the first one opened: \`index.html\`'s script and preloads plus
the page's route chunks and their static imports, gzip. Target for every page: ≤ ${kb(BUDGET_GZIP_BYTES)}.

| Page | JavaScript, gzip | files | CSS, gzip | |
|---|---|---|---|---|
${rows.map(({ path: page, m }) => `| \`${page}\` | ${kb(m.jsGzip)} | ${m.files.length} | ${kb(m.cssGzip)} | ${m.jsGzip <= BUDGET_GZIP_BYTES ? "met" : "**missed**"} |`).join("\n")}

${allMet ? "Every page meets the budget." : `${rows.filter((p) => p.m.jsGzip > BUDGET_GZIP_BYTES).length} of ${rows.length} pages miss the budget.`} The shell every page shares (\`index.html\`'s script and preloads) is ${kb(measureFirstLoad([]).jsGzip)}. JavaScript of the whole dashboard (every page and dialog): ${kb(worst.m.allJsGzip)} gzip.
Largest files of the heaviest page (\`${worst.path}\`): ${biggest.join(", ")}. Before route splitting every page loaded the whole
dashboard: one script of 856 KB, 252 KB gzip, with zod in it; before this table only the Overview was held to the budget
and the Streams page loaded 183.5 KB gzip. The browser test \`e2e/overview-reference.spec.ts\` measures the Overview in
Chromium and fails above the budget.`,
  );
  if (!allMet) process.exitCode = 1;
}
