import type { Db } from "../db/handle.js";
import type { Clock } from "./clock.js";
import { blockedUntil, countFailure, deleteFailures } from "./rate-limit.repo.js";

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
  db: Db,
  clock: Clock,
  opts: { max: number; windowMs: number; blockMs: number },
): FailureLimiter {
  return {
    async blockedFor(key) {
      const left = (await blockedUntil(db, key)) - clock.now();
      return left > 0 ? Math.ceil(left / 1000) : 0;
    },
    async fail(key) {
      return (await countFailure(db, key, clock.now(), opts)) === opts.max;
    },
    reset: (key) => deleteFailures(db, key),
  };
}
