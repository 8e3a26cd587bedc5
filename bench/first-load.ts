/**
 * The dashboard's first-load weight: the JavaScript a signed-in member's browser fetches to show
 * `/organisation/overview` — the built `index.html`'s script and module preloads plus the chunks of
 * the two routes that page opens (and everything they import statically) — in gzip bytes.
 * Reads Vite's build manifest, so it measures exactly what `npm start` serves.
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
/** The first page's routes, as the router loads them: the organisation frame and its Overview tab. */
export const FIRST_PAGE_CHUNKS = ["app/routes/OrganisationPage.tsx", "app/routes/OverviewTab.tsx"];
export const BUDGET_GZIP_BYTES = 150 * 1024;

export interface FirstLoad {
  files: Array<{ file: string; gzip: number }>;
  jsGzip: number;
  cssGzip: number;
  /** Files of the whole dashboard, for comparison. */
  allJsGzip: number;
}

export function measureFirstLoad(): FirstLoad {
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    Chunk
  >;
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
  for (const k of FIRST_PAGE_CHUNKS) visit(k);
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
  const m = measureFirstLoad();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of m.files) console.log(`${kb(f.gzip).padStart(9)}  ${f.file}`);
  const met = m.jsGzip <= BUDGET_GZIP_BYTES;
  console.log(
    `first page JavaScript: ${kb(m.jsGzip)} gzip (budget ${kb(BUDGET_GZIP_BYTES)}), CSS ${kb(m.cssGzip)}; whole dashboard ${kb(m.allJsGzip)}`,
  );
  const biggest = m.files
    .slice(0, 4)
    .map((f) => `\`${f.file.replace(/^assets\//, "").replace(/-[\w-]{8}\.js$/, ".js")}\` ${kb(f.gzip)}`);
  writeReadmeSection(
    "web",
    `### Dashboard first load

_${stamp()} · \`npm run bench:web\` · from the production build's manifest_

| What | Target | Measured | |
|---|---|---|---|
| JavaScript for a signed-in member's first page (\`/organisation/overview\`): \`index.html\`'s script and preloads plus the two route chunks and their imports, gzip | ≤ ${kb(BUDGET_GZIP_BYTES)} | ${kb(m.jsGzip)} in ${m.files.length} files | ${met ? "met" : "**missed**"} |
| CSS of that page, gzip | — | ${kb(m.cssGzip)} | |
| JavaScript of the whole dashboard (every page and dialog), gzip | — | ${kb(m.allJsGzip)} | |

Largest first-load files: ${biggest.join(", ")}. Before route splitting every page loaded the whole dashboard: one script of 856 KB, 252 KB gzip, with zod in it. The browser test \`e2e/overview-reference.spec.ts\` measures the same page in Chromium and fails above the budget.`,
  );
  if (!met) process.exitCode = 1;
}
