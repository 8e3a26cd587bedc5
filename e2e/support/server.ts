/**
 * The server the browser tests talk to: a fresh SQLite database in a temporary folder, filled by the
 * real `orgdeck demo` command, then the real server entry point on port 3210.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { e2eDir } from "./demo.js";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = e2eDir();
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const env = {
  DATABASE_URL: `sqlite:${path.join(dir, "e2e.db")}`,
  ORGDECK_DATA_DIR: dir,
  PORT: process.env.E2E_PORT ?? "3210",
  HOST: "127.0.0.1",
  // E2E_NO_PUBLIC_URL=1 leaves it unset, as on a LAN (e2e/lan-origin.spec.ts starts such a server).
  ...(process.env.E2E_NO_PUBLIC_URL === "1"
    ? {}
    : { PUBLIC_URL: `http://127.0.0.1:${process.env.E2E_PORT ?? "3210"}` }),
  LOG_LEVEL: "warn",
  ORGDECK_INGEST_SECRET: "e2e-ingest-secret",
  ORGDECK_RECORDINGS_DIR: path.join(dir, "rec"),
  // The browser tests point webhooks at a receiver on loopback.
  ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
  ORGDECK_WEBHOOK_PORTS: "any",
  // Joining by invitation then asks to accept these terms (see the users tests).
  ORGDECK_TERMS_URL: "https://streaming.example/terms",
};
fs.mkdirSync(env.ORGDECK_RECORDINGS_DIR, { recursive: true });
Object.assign(process.env, env);

const demo = spawnSync(process.execPath, [path.join(root, "bin", "orgdeck.mjs"), "demo"], {
  env: process.env,
  encoding: "utf8",
});
if (demo.status !== 0) {
  process.stderr.write(`e2e seed failed: ${demo.stderr}\n`);
  process.exit(1);
}
fs.writeFileSync(path.join(dir, "demo.json"), demo.stdout);
process.on("exit", () => fs.rmSync(dir, { recursive: true, force: true }));

await import("../../server/main.js");
