import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAfter, parseRetrySchedule } from "./retry-schedule.js";

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
});
