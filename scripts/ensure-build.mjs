// Builds what `npm start` runs, only when it is missing or older than its sources: the dashboard
// (web/dist, by Vite) and the server (build/server.mjs, one ES module bundled by esbuild with the npm
// packages left as imports). Running the bundle instead of compiling TypeScript on the fly at start
// saves the compiler's memory (about 50 MB) and start-up time. `--server` or `--web` builds only one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const only = process.argv[2];

function newest(p, skip) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of fs.readdirSync(p)) {
    if (skip?.(p, e)) continue;
    max = Math.max(max, newest(path.join(p, e), skip));
  }
  return max;
}
const builtAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const run = (cmd, args) => {
  const r = spawnSync(path.join(root, "node_modules", ".bin", cmd), args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (only !== "--server") {
  const sources = ["web", "contract", "vite.config.ts", "scripts/precompress.ts", "package-lock.json"].map((s) =>
    newest(path.join(root, s), (dir, e) => dir.endsWith(`${path.sep}web`) && e === "dist"),
  );
  if (builtAt(path.join(root, "web", "dist", "index.html")) > Math.max(...sources))
    console.log("dashboard build is up to date");
  else {
    console.log("building the dashboard…");
    run("vite", ["build", "--logLevel", "warn"]);
  }
}

if (only !== "--web") {
  const bundle = path.join(root, "build", "server.mjs");
  const sources = ["server", "contract", "package-lock.json"].map((s) =>
    newest(path.join(root, s), (_dir, e) => e.endsWith(".test.ts") || e === "test"),
  );
  if (builtAt(bundle) > Math.max(...sources)) console.log("server build is up to date");
  else {
    console.log("building the server…");
    run("esbuild", [
      "server/main.ts",
      "--bundle",
      "--platform=node",
      "--format=esm",
      "--target=node20",
      "--packages=external",
      "--sourcemap",
      `--outfile=${bundle}`,
      "--log-level=warning",
    ]);
  }
}
