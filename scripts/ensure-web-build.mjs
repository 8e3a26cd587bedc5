// Builds the dashboard only when web/dist is missing or older than its sources.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, "web", "dist", "index.html");

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) {
    if (p.endsWith(`${path.sep}web`) && e === "dist") continue;
    max = Math.max(max, newest(path.join(p, e)));
  }
  return max;
}

const sources = ["web", "contract", "vite.config.ts", "package-lock.json"].map((s) => newest(path.join(root, s)));
const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
if (builtAt > Math.max(...sources)) {
  console.log("dashboard build is up to date");
} else {
  console.log("building the dashboard…");
  const r = spawnSync(path.join(root, "node_modules", ".bin", "vite"), ["build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
