import type { FastifyInstance } from "fastify";
import { sql, type Kysely } from "kysely";
import type { Schema } from "./db/schema.js";
import type { Clock } from "./platform/clock.js";
import { compactCounters, isPostgres, sweepUnusedTags } from "./platform/counters.js";
import { sweepIdempotencyKeys } from "./platform/idempotency.js";
import { deleteExpiredTokens } from "./modules/users/tokens.repo.js";

const EVERY_MS = 10 * 60 * 1000;

/**
 * Deletes what can never be used again (expired bintu tokens, idempotency answers past replay, tags
 * no stream carries), folds counter shards together, and refreshes SQLite's planner statistics.
 */
export async function runMaintenance(db: Kysely<Schema>, now: number): Promise<void> {
  await deleteExpiredTokens(db, now);
  await sweepIdempotencyKeys(db, now);
  await sweepUnusedTags(db);
  await compactCounters(db);
  if (!isPostgres(db)) await sql`PRAGMA optimize`.execute(db);
}

/** Every instance sweeps now and then; the deletes are idempotent, so instances need no coordination. */
export function scheduleMaintenance(app: FastifyInstance, db: Kysely<Schema>, clock: Clock): void {
  const timer = setInterval(() => {
    runMaintenance(db, clock.now()).catch((err: unknown) => app.log.warn({ err: { message: (err as Error).message } }, "maintenance failed"));
  }, EVERY_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
}
