import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { ensureTestPostgres, type TestPostgres } from "../../scripts/test-postgres.mjs";
import { testDialects } from "./databases.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgRun: string;
    /** The PostgreSQL server the tests make their schemas in (see scripts/test-postgres.mjs). */
    pgUrl: string;
  }
}

/**
 * Test files make their own PostgreSQL schemas, named after this run. They are dropped here, once
 * every file is done: a DROP SCHEMA while another file's migrator scans the catalogue makes that
 * scan fail with "schema … does not exist".
 */
export default async function setup(project: TestProject) {
  // The process tests run the server as `npm start` does: the bundle in build/.
  const root = path.resolve(import.meta.dirname, "..", "..");
  const built = spawnSync(process.execPath, [path.join(root, "scripts", "ensure-build.mjs"), "--server"], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) throw new Error("server build failed");
  const run = `t${randomBytes(4).toString("hex")}`;
  project.provide("pgRun", run);

  const usesPostgres = testDialects(process.env.ORGDECK_TEST_DB).includes("postgres");
  let server: TestPostgres | undefined;
  if (usesPostgres) {
    server = await ensureTestPostgres();
    console.log(`PostgreSQL for the tests: ${server.source}`);
    // Vitest exits through process.exit on Ctrl-C and SIGTERM too, so a throwaway cluster goes with it.
    process.once("exit", server.stop);
  }
  project.provide("pgUrl", server?.url ?? "postgres://unused");

  return async () => {
    if (!server) return;
    try {
      await dropSchemas(server.url, run);
    } finally {
      server.stop();
      process.off("exit", server.stop);
    }
  };
}

async function dropSchemas(url: string, run: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return; // nothing was created if PostgreSQL never answered
  }
  try {
    const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [
      `${run}\\_%`,
    ]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}
