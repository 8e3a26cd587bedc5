// `npm run test:api [-- --db sqlite|postgres|both] [vitest filters…]`: the API suite on the chosen
// databases (both by default). The choice reaches the harness as ORGDECK_TEST_DB.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { preflight } from "./preflight.mjs";

const root = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
let db = process.env.ORGDECK_TEST_DB || "both";
const i = args.findIndex((a) => a === "--db" || a.startsWith("--db="));
if (i >= 0) {
  const [value, taken] = args[i].includes("=") ? [args[i].slice(5), 1] : [args[i + 1], 2];
  db = value ?? "";
  args.splice(i, taken);
}
if (!["sqlite", "postgres", "both"].includes(db)) {
  console.error(`--db must be sqlite, postgres or both (got ${JSON.stringify(db)})`);
  process.exit(2);
}

preflight(db === "sqlite" ? ["nginx", "ffmpeg"] : ["nginx", "ffmpeg", "postgres"]);
const vitest = path.join(root, "node_modules", ".bin", "vitest");
const r = spawnSync(vitest, ["run", "--project", "api", ...args], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, ORGDECK_TEST_DB: db },
});
process.exit(r.status ?? 1);
