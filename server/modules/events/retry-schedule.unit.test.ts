import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_SCHEDULE,
  nextAttemptAfter,
  parseRetryAfter,
  parseRetrySchedule,
  RETRY_AFTER_MAX_MS,
} from "./retry-schedule.js";

describe("retry schedule", () => {
  it("reads the Standard Webhooks default", () => {
    expect(parseRetrySchedule(DEFAULT_RETRY_SCHEDULE)).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
  });

  it("reads short test schedules with spaces and every unit", () => {
    expect(parseRetrySchedule("1s, 2s ,4s")).toEqual([1000, 2000, 4000]);
    expect(parseRetrySchedule("250ms,1m,1h,1d")).toEqual([250, 60_000, 3_600_000, 86_400_000]);
    expect(parseRetrySchedule("0s")).toEqual([0]);
    expect(parseRetrySchedule("")).toEqual([]);
  });

  it("refuses what it cannot read", () => {
    for (const bad of ["5", "5x", "-1s", "1.5s", "1s,,2s", "s", "8d", Array(21).fill("1s").join(",")]) {
      expect(() => parseRetrySchedule(bad), bad).toThrow();
    }
  });

  it("gives the next attempt until the schedule is exhausted", () => {
    const s = parseRetrySchedule("1s,2s,4s");
    expect(nextAttemptAfter(s, 1, 100)).toBe(1100);
    expect(nextAttemptAfter(s, 3, 100)).toBe(4100);
    expect(nextAttemptAfter(s, 4, 100)).toBeNull();
  });

  it("spreads the delay by up to 20 % either way; 0.5 is the schedule exactly", () => {
    const s = parseRetrySchedule("10s,1h");
    expect(nextAttemptAfter(s, 1, 0, { random: () => 0 })).toBe(8000);
    expect(nextAttemptAfter(s, 1, 0, { random: () => 0.5 })).toBe(10_000);
    expect(nextAttemptAfter(s, 1, 0, { random: () => 0.999_999_9 })).toBe(12_000);
    expect(nextAttemptAfter(s, 2, 0, { random: () => 0.25 })).toBe(3_240_000);
    for (let i = 0; i < 200; i++) {
      const at = nextAttemptAfter(s, 2, 0, { random: Math.random })!;
      expect(at).toBeGreaterThanOrEqual(2_880_000);
      expect(at).toBeLessThanOrEqual(4_320_000);
    }
    expect(nextAttemptAfter(s, 3, 0, { random: () => 0 })).toBeNull();
  });

  it("waits max(scheduled, Retry-After), and never adds attempts", () => {
    const s = parseRetrySchedule("10s");
    expect(nextAttemptAfter(s, 1, 100, { retryAfterMs: 60_000 })).toBe(60_100);
    expect(nextAttemptAfter(s, 1, 100, { retryAfterMs: 1000 })).toBe(10_100);
    expect(nextAttemptAfter(s, 1, 100, { retryAfterMs: null })).toBe(10_100);
    expect(nextAttemptAfter(s, 2, 100, { retryAfterMs: 60_000 })).toBeNull();
  });

  it("reads Retry-After as seconds or an HTTP date, cut to 0..1 day", () => {
    const now = Date.UTC(2026, 0, 15, 12, 0, 0);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Thu, 15 Jan 2026 12:05:00 GMT", now)).toBe(300_000);
    expect(parseRetryAfter("Thursday, 15-Jan-26 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Thu, 15 Jan 2026 11:00:00 GMT", now)).toBe(0); // in the past
    expect(parseRetryAfter("864000", now)).toBe(RETRY_AFTER_MAX_MS);
    expect(parseRetryAfter("Fri, 01 Jan 2100 00:00:00 GMT", now)).toBe(RETRY_AFTER_MAX_MS);
    for (const bad of [undefined, "", "-5", "1.5", "soon", "Thu, 99 Foo 2026", "1e3"])
      expect(parseRetryAfter(bad, now), String(bad)).toBeNull();
  });
});
