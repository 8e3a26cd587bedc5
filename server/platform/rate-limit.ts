import { sql, type Kysely } from "kysely";
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
      // One atomic upsert: concurrent failures on any instance each count (no read-then-write race).
      // SET expressions see the old row on both databases.
      const fresh = sql<boolean>`rate_limits.reset_at <= ${now}`;
      const next = sql<number>`CASE WHEN ${fresh} THEN 1 ELSE rate_limits.count + 1 END`;
      const row = await db
        .insertInto("rate_limits")
        .values({ key, count: 1, reset_at: now + opts.windowMs, blocked_until: opts.max <= 1 ? now + opts.blockMs : 0 })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({
            count: next,
            reset_at: sql<number>`CASE WHEN ${fresh} THEN ${now + opts.windowMs} ELSE rate_limits.reset_at END`,
            blocked_until: sql<number>`CASE WHEN ${next} >= ${opts.max} THEN ${now + opts.blockMs} ELSE rate_limits.blocked_until END`,
          }),
        )
        .returning(["count"])
        .executeTakeFirstOrThrow();
      return Number(row.count) === opts.max;
    },
    async reset(key) {
      await db.deleteFrom("rate_limits").where("key", "=", key).execute();
    },
  };
}
