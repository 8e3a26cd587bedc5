// Lints the OpenAPI document exactly as the server serves it: builds the app in-process on a throwaway
// SQLite database, fetches GET /api/docs, and runs `redocly lint` (rules in redocly.yaml) on that JSON.
// `--out FILE` only writes the document and skips the lint.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildApp } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { migrateToLatest, openDatabase } from "../server/db/database.js";
import { systemClock } from "../server/platform/clock.js";
import { createKeyring } from "../server/platform/keyring.js";

const root = path.resolve(import.meta.dirname, "..");

async function servedDocument(dir: string): Promise<string> {
  const url = `sqlite:${path.join(dir, "lint.db")}`;
  // A public URL as a deployment sets it: the default (localhost) is rightly flagged as a placeholder.
  const config = loadConfig({
    DATABASE_URL: url,
    ORGDECK_DATA_DIR: dir,
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://orgdeck.invalid",
  });
  const database = await openDatabase(url);
  try {
    await migrateToLatest(database);
    const { app } = await buildApp({
      config,
      database,
      keyring: createKeyring(randomBytes(32)),
      clock: systemClock,
      webRoot: path.join(dir, "no-dashboard"),
    });
    try {
      const res = await app.inject({ method: "GET", url: "/api/docs" });
      if (res.statusCode !== 200) throw new Error(`GET /api/docs answered ${res.statusCode}`);
      return res.body;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-openapi-"));
try {
  const outArg = process.argv.indexOf("--out");
  const file = outArg > 0 ? path.resolve(process.argv[outArg + 1] ?? "openapi.json") : path.join(dir, "openapi.json");
  fs.writeFileSync(file, await servedDocument(dir));
  if (outArg > 0) {
    console.log(`wrote ${file}`);
  } else {
    const redocly = path.join(root, "node_modules", ".bin", "redocly");
    const r = spawnSync(redocly, ["lint", "--config", path.join(root, "redocly.yaml"), file], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    process.exitCode = r.status ?? 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
