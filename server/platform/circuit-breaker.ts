import type { Clock } from "./clock.js";

/**
 * Per-key circuit breaker: after `threshold` consecutive failures the circuit opens for `openMs`, and
 * calls are refused without trying. Then one trial call is let through; success closes it again.
 * Kept in memory: each instance protects the receiver from its own traffic.
 */
export function createCircuitBreaker(clock: Clock, opts: { threshold: number; openMs: number }) {
  const state = new Map<string, { failures: number; openUntil: number; trial: boolean }>();
  return {
    /** True when a call may go out now. */
    allow(key: string): boolean {
      const s = state.get(key);
      if (!s || s.openUntil === 0) return true;
      if (clock.now() < s.openUntil) return false;
      if (s.trial) return false; // one trial at a time
      s.trial = true;
      return true;
    },
    success(key: string): void {
      state.delete(key);
    },
    failure(key: string): void {
      const s = state.get(key) ?? { failures: 0, openUntil: 0, trial: false };
      s.failures++;
      s.trial = false;
      if (s.failures >= opts.threshold) s.openUntil = clock.now() + opts.openMs;
      state.set(key, s);
    },
    isOpen(key: string): boolean {
      const s = state.get(key);
      return !!s && s.openUntil > 0 && clock.now() < s.openUntil;
    },
  };
}
export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
