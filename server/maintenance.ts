import type { FastifyInstance } from "fastify";
import { refreshPlannerStatistics, type Db } from "./db/handle.js";
import type { Clock } from "./platform/clock.js";
import { compactCounters, sweepUnusedTags } from "./platform/counters.repo.js";
import { sweepIdempotencyKeys } from "./platform/idempotency.js";
import { sweepLiveChanges } from "./platform/live-feed.js";
import { sweepExpiredTokens } from "./modules/users/session.service.js";

const EVERY_MS = 10 * 60 * 1000;

/**
 * Deletes what can never be used again (expired bintu tokens, idempotency answers past replay, live-update
 * changes minutes old, tags no stream carries), folds counter shards together, and refreshes SQLite's
 * planner statistics.
 */
export async function runMaintenance(db: Db, now: number): Promise<void> {
  await sweepExpiredTokens(db, now);
  await sweepIdempotencyKeys(db, now);
  await sweepLiveChanges(db, now);
  await sweepUnusedTags(db);
  await compactCounters(db);
  await refreshPlannerStatistics(db);
}

/** Every instance sweeps now and then; the deletes are idempotent, so instances need no coordination. */
export function scheduleMaintenance(app: FastifyInstance, db: Db, clock: Clock): void {
  const timer = setInterval(() => {
    runMaintenance(db, clock.now()).catch((err: unknown) =>
      app.log.warn({ err: { message: (err as Error).message } }, "maintenance failed"),
    );
  }, EVERY_MS);
  timer.unref();
  app.addHook("onClose", async () => clearInterval(timer));
}
