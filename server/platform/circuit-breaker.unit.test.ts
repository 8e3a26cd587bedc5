import { describe, expect, it } from "vitest";
import { createCircuitBreaker, UNGUARDED } from "./circuit-breaker.js";

function setup(opts: { threshold: number; openMs: number; trialMs?: number }) {
  const clock = { t: 0, now: () => clock.t };
  const breaker = createCircuitBreaker(clock, opts);
  const fail = (key: string, n = 1) => {
    for (let i = 0; i < n; i++) breaker.allow(key)!.failure();
  };
  return { clock, breaker, fail };
}

describe("circuit breaker", () => {
  it("opens after the threshold of consecutive failures, lets one trial through after the pause, and closes on success", () => {
    const { clock, breaker, fail } = setup({ threshold: 3, openMs: 1000 });
    fail("org", 2);
    expect(breaker.allow("org")).not.toBeNull();
    fail("org");
    expect(breaker.isOpen("org")).toBe(true);
    expect(breaker.allow("org")).toBeNull();
    expect(breaker.allow("other")).not.toBeNull();
    clock.t = 1000;
    const trial = breaker.allow("org")!;
    expect(trial).not.toBeNull();
    expect(breaker.allow("org")).toBeNull(); // one trial at a time
    trial.success();
    expect(breaker.isOpen("org")).toBe(false);
    expect(breaker.allow("org")).not.toBeNull();
  });

  it("a success resets the count, and a failed trial opens the circuit again", () => {
    const { clock, breaker, fail } = setup({ threshold: 2, openMs: 500 });
    fail("org");
    breaker.allow("org")!.success();
    fail("org");
    expect(breaker.isOpen("org")).toBe(false);
    fail("org");
    expect(breaker.isOpen("org")).toBe(true);
    clock.t = 500;
    breaker.allow("org")!.failure();
    expect(breaker.allow("org")).toBeNull();
    expect(breaker.isOpen("org")).toBe(true);
  });

  it("a trial released without a verdict opens the circuit for another pause, then lets a new trial through", () => {
    const { clock, breaker, fail } = setup({ threshold: 2, openMs: 500 });
    fail("org", 2);
    clock.t = 500;
    const trial = breaker.allow("org")!;
    trial.release();
    expect(breaker.isOpen("org")).toBe(true);
    expect(breaker.allow("org")).toBeNull();
    clock.t = 999;
    expect(breaker.allow("org")).toBeNull();
    clock.t = 1000;
    const next = breaker.allow("org")!;
    expect(next).not.toBeNull();
    next.success();
    expect(breaker.allow("org")).not.toBeNull();
  });

  it("only the first settlement of a ticket counts", () => {
    const { clock, breaker, fail } = setup({ threshold: 2, openMs: 500 });
    fail("org", 2);
    clock.t = 500;
    const trial = breaker.allow("org")!;
    trial.success();
    trial.release(); // the `finally` after a recorded outcome
    trial.failure();
    expect(breaker.isOpen("org")).toBe(false);
    expect(breaker.allow("org")).not.toBeNull();
    // A closed-circuit ticket released without a verdict changes nothing either.
    const t = breaker.allow("org")!;
    t.release();
    fail("org");
    expect(breaker.isOpen("org")).toBe(false);
  });

  it("a trial that is never settled expires, so the key is not refused forever", () => {
    const { clock, breaker, fail } = setup({ threshold: 1, openMs: 500, trialMs: 2000 });
    fail("org");
    clock.t = 500;
    const lost = breaker.allow("org")!;
    expect(lost).not.toBeNull();
    clock.t = 2499;
    expect(breaker.allow("org")).toBeNull();
    clock.t = 2500;
    const trial = breaker.allow("org")!;
    expect(trial).not.toBeNull();
    // The lost trial's late release must not re-open the circuit under the new trial.
    lost.release();
    expect(breaker.isOpen("org")).toBe(false);
    trial.success();
    expect(breaker.allow("org")).not.toBeNull();
  });

  it("the unguarded ticket may be settled any way", () => {
    expect(() => {
      UNGUARDED.success();
      UNGUARDED.failure();
      UNGUARDED.release();
    }).not.toThrow();
  });
});
