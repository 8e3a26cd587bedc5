/**
 * When failed deliveries are tried again: the delays before each retry, the first attempt being
 * immediate. The default is the Standard Webhooks schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h),
 * so a delivery is attempted 8 times over about 27 hours before it fails. Each delay is spread by
 * RETRY_JITTER and lengthened by a receiver's Retry-After (nextAttemptAfter).
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

/** Each scheduled delay is spread by up to this fraction either way, so receivers that failed together
 * (an outage, a deploy) are not hit again by every instance's retries in the same second. */
export const RETRY_JITTER = 0.2;
/** The longest wait a receiver's Retry-After can ask for; longer asks are cut to this. */
export const RETRY_AFTER_MAX_MS = UNIT_MS.d!;
/** Statuses whose Retry-After is honoured (RFC 9110 10.2.3). */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * A Retry-After header as a wait in milliseconds from `now`: delay-seconds or an HTTP-date, cut to
 * 0..RETRY_AFTER_MAX_MS; null when absent or unreadable (then only the schedule counts).
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  const v = value?.trim();
  if (!v) return null;
  const ms = /^\d{1,12}$/.test(v) ? Number(v) * 1000 : /[a-z]/i.test(v) ? Date.parse(v) - now : NaN;
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), RETRY_AFTER_MAX_MS) : null;
}

export interface NextAttemptOptions {
  /** A number in [0, 1): 0.5 gives the scheduled delay exactly (tests); the dispatcher uses Math.random. */
  random?: () => number;
  /** What the receiver asked for (parseRetryAfter): the retry waits at least this long. */
  retryAfterMs?: number | null;
}

/**
 * When attempt number `attemptInRound` (1-based, within the current round) failed at `now`: the
 * time of the next attempt, or null when the schedule is exhausted and the delivery has failed.
 * The delay is the scheduled one ±RETRY_JITTER, or the receiver's Retry-After when that is longer:
 * max(scheduled, Retry-After), so a receiver can slow us down but never make us retry sooner, and a
 * Retry-After never adds attempts beyond the schedule.
 */
export function nextAttemptAfter(
  schedule: readonly number[],
  attemptInRound: number,
  now: number,
  opts: NextAttemptOptions = {},
): number | null {
  const delay = schedule[attemptInRound - 1];
  if (delay === undefined) return null;
  const r = opts.random ? opts.random() : 0.5;
  const jittered = Math.round(delay * (1 + RETRY_JITTER * (2 * r - 1)));
  return now + Math.max(jittered, opts.retryAfterMs ?? 0);
}
