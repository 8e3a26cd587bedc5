// `npm test`: the unit and API suites (vitest, both databases), then the browser suite (Playwright), then
// one summary line `tests: N passed, M failed`. Fails when anything failed, crashed, or nothing ran.
// Missing system packages are named first, in one line; PostgreSQL is found or started by the vitest
// global setup (scripts/test-postgres.mjs).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { preflight } from "./preflight.mjs";

const root = path.resolve(import.meta.dirname, "..");
preflight(["chromium", "fonts", "nginx", "ffmpeg", "postgres"]);
const out = path.join(root, ".test-output");
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;

let passed = 0;
let failed = 0;
let skipped = 0;
let crashed = false;

console.log("\n--- API and unit tests (vitest)");
const vitestJson = path.join(out, "vitest.json");
const vitestCode = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`]);
if (fs.existsSync(vitestJson)) {
  const r = JSON.parse(fs.readFileSync(vitestJson, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (vitestCode !== 0 && (r.numFailedTests ?? 0) === 0) crashed = true;
} else {
  crashed = true;
}

const specs = fs.existsSync(path.join(root, "e2e"))
  ? fs.readdirSync(path.join(root, "e2e"), { recursive: true }).filter((f) => String(f).endsWith(".spec.ts"))
  : [];
if (specs.length > 0) {
  console.log("\n--- dashboard build");
  if (run(process.execPath, [path.join(root, "scripts", "ensure-build.mjs"), "--web"]) !== 0) crashed = true;
  console.log("\n--- browser tests (playwright)");
  const pwJson = path.join(out, "playwright.json");
  const pwCode = run(bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  if (fs.existsSync(pwJson)) {
    const s = JSON.parse(fs.readFileSync(pwJson, "utf8")).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
    if (pwCode !== 0 && (s.unexpected ?? 0) === 0) crashed = true;
  } else {
    crashed = true;
  }
}

console.log("");
if (crashed) console.log("a test runner failed to run or report; see above");
if (passed + failed === 0) console.log("no tests ran");
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || crashed || passed === 0 ? 1 : 0);
