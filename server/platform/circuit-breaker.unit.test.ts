import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "./circuit-breaker.js";

describe("circuit breaker", () => {
  it("opens after the threshold of consecutive failures, lets one trial through after the pause, and closes on success", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ now: () => now }, { threshold: 3, openMs: 1000 });
    for (let i = 0; i < 2; i++) breaker.failure("org");
    expect(breaker.allow("org")).toBe(true);
    breaker.failure("org");
    expect(breaker.isOpen("org")).toBe(true);
    expect(breaker.allow("org")).toBe(false);
    expect(breaker.allow("other")).toBe(true);
    now = 1000;
    expect(breaker.allow("org")).toBe(true);
    expect(breaker.allow("org")).toBe(false); // one trial at a time
    breaker.success("org");
    expect(breaker.isOpen("org")).toBe(false);
    expect(breaker.allow("org")).toBe(true);
  });

  it("a success resets the count, and a failed trial opens the circuit again", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ now: () => now }, { threshold: 2, openMs: 500 });
    breaker.failure("org");
    breaker.success("org");
    breaker.failure("org");
    expect(breaker.isOpen("org")).toBe(false);
    breaker.failure("org");
    expect(breaker.isOpen("org")).toBe(true);
    now = 500;
    expect(breaker.allow("org")).toBe(true);
    breaker.failure("org");
    expect(breaker.allow("org")).toBe(false);
    expect(breaker.isOpen("org")).toBe(true);
  });
});
