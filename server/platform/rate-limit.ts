import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.js";
import type { Clock } from "./clock.js";

/**
 * Failure counters kept in the database, so every instance behind a load balancer shares them.
 * A key that reaches `max` failures inside `windowMs` is blocked for `blockMs`.
 */
export interface FailureLimiter {
  /** Seconds until the key may try again, or 0 when it is not blocked. */
  blockedFor(key: string): Promise<number>;
  /** Counts a failure; returns true when this failure started a block. */
  fail(key: string): Promise<boolean>;
  reset(key: string): Promise<void>;
}

export function createFailureLimiter(
  db: Kysely<Schema>,
  clock: Clock,
  opts: { max: number; windowMs: number; blockMs: number },
): FailureLimiter {
  return {
    async blockedFor(key) {
      const row = await db.selectFrom("rate_limits").select("blocked_until").where("key", "=", key).executeTakeFirst();
      const left = (row?.blocked_until ?? 0) - clock.now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    async fail(key) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom("rate_limits").selectAll().where("key", "=", key).executeTakeFirst();
        const fresh = !row || row.reset_at <= now;
        const count = fresh ? 1 : row.count + 1;
        const resetAt = fresh ? now + opts.windowMs : row.reset_at;
        const blocks = count >= opts.max;
        const blockedUntil = blocks ? now + opts.blockMs : (row?.blocked_until ?? 0);
        await trx
          .insertInto("rate_limits")
          .values({ key, count, reset_at: resetAt, blocked_until: blockedUntil })
          .onConflict((oc) => oc.column("key").doUpdateSet({ count, reset_at: resetAt, blocked_until: blockedUntil }))
          .execute();
        return blocks && count === opts.max;
      });
    },
    async reset(key) {
      await db.deleteFrom("rate_limits").where("key", "=", key).execute();
    },
  };
}
