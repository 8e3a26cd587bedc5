import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

declare module "vitest" {
  export interface ProvidedContext {
    pgRun: string;
  }
}

/**
 * Test files make their own PostgreSQL schemas, named after this run. They are dropped here, once
 * every file is done: a DROP SCHEMA while another file's migrator scans the catalogue makes that
 * scan fail with "schema … does not exist".
 */
export default function setup(project: TestProject) {
  // The process tests run the server as `npm start` does: the bundle in build/.
  const root = path.resolve(import.meta.dirname, "..", "..");
  const built = spawnSync(process.execPath, [path.join(root, "scripts", "ensure-build.mjs"), "--server"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) throw new Error("server build failed");
  const run = `t${randomBytes(4).toString("hex")}`;
  project.provide("pgRun", run);
  return async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    try {
      await client.connect();
    } catch {
      return; // nothing was created if PostgreSQL never answered
    }
    try {
      const { rows } = await client.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname LIKE $1", [`${run}\\_%`]);
      for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
    } finally {
      await client.end();
    }
  };
}
