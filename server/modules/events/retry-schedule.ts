/**
 * When failed deliveries are tried again: the delays before each retry, the first attempt being
 * immediate. The default is the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h),
 * so a delivery is attempted 8 times over about 27 hours before it fails.
 */
export const DEFAULT_RETRY_SCHEDULE = "5s,5m,30m,2h,5h,10h,10h";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const MAX_RETRIES = 20;
const MAX_DELAY_MS = 7 * UNIT_MS.d!;

/** Parses `ORGDECK_EVENT_RETRY_SCHEDULE` (e.g. `1s,2s,4s`) into delays in milliseconds; throws on bad input. */
export function parseRetrySchedule(text: string): number[] {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length === 1 && parts[0] === "") return [];
  if (parts.length > MAX_RETRIES) throw new Error(`retry schedule may list at most ${MAX_RETRIES} delays`);
  return parts.map((part) => {
    const m = /^(\d{1,9})(ms|s|m|h|d)$/.exec(part);
    if (!m)
      throw new Error(
        `retry schedule entry "${part}" must be a whole number with a unit ms, s, m, h or d (e.g. 5s,5m,2h)`,
      );
    const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
    if (ms > MAX_DELAY_MS) throw new Error(`retry schedule entry "${part}" is longer than 7 days`);
    return ms;
  });
}

/**
 * When attempt number `attemptInRound` (1-based, within the current round) failed at `now`: the
 * time of the next attempt, or null when the schedule is exhausted and the delivery has failed.
 */
export function nextAttemptAfter(schedule: readonly number[], attemptInRound: number, now: number): number | null {
  const delay = schedule[attemptInRound - 1];
  return delay === undefined ? null : now + delay;
}
