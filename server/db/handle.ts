import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Schema } from "./schema.js";

/**
 * The database handle as services see it: something to hand to repository functions and to open
 * transactions on, never to build queries with (queries live in `*.repo.ts` and `server/db/`).
 */
export type Db = Kysely<Schema>;

/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** Refreshes SQLite's sampled planner statistics (PostgreSQL's autovacuum does this by itself). */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return;
  await sql`PRAGMA optimize`.execute(db);
}
