/**
 * The server the browser tests talk to: a fresh SQLite database in a temporary folder, filled by the
 * real `orgdeck demo` command, then the real server entry point on port 3210.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-e2e-"));
const env = {
  DATABASE_URL: `sqlite:${path.join(dir, "e2e.db")}`,
  ORGDECK_DATA_DIR: dir,
  PORT: process.env.E2E_PORT ?? "3210",
  HOST: "127.0.0.1",
  PUBLIC_URL: `http://127.0.0.1:${process.env.E2E_PORT ?? "3210"}`,
  LOG_LEVEL: "warn",
};
Object.assign(process.env, env);

const demo = spawnSync(process.execPath, [path.join(root, "bin", "orgdeck.mjs"), "demo"], { env: process.env, encoding: "utf8" });
if (demo.status !== 0) {
  process.stderr.write(`e2e seed failed: ${demo.stderr}\n`);
  process.exit(1);
}
fs.writeFileSync(path.join(dir, "demo.json"), demo.stdout);
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

await import("../../server/main.js");
