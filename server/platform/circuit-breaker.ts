import type { Clock } from "./clock.js";

/**
 * The outcome of one call the breaker let through. Settle it in a `finally`: `success`/`failure` when
 * the receiver answered, `release` otherwise (the call never went out, or failed on our side). Only the
 * first settlement counts, so `release()` after `success()` is a no-op.
 */
export interface BreakerTicket {
  success(): void;
  failure(): void;
  release(): void;
}

/** For calls the breaker does not guard (e.g. "Send test"): settling it does nothing. */
export const UNGUARDED: BreakerTicket = { success() {}, failure() {}, release() {} };

interface KeyState {
  failures: number;
  openUntil: number;
  /** Id of the half-open trial in flight (0: none) and when it was granted. */
  trial: number;
  trialSince: number;
}

/**
 * Per-key circuit breaker: after `threshold` consecutive failures the circuit opens for `openMs`, and
 * calls are refused without trying. Then one trial call is let through; success closes it again,
 * failure or a released trial (no verdict) opens it for another `openMs`. A trial never settled at all
 * expires after `trialMs`, so a key can never be refused forever.
 * Kept in memory: each instance protects the receiver from its own traffic.
 */
export function createCircuitBreaker(clock: Clock, opts: { threshold: number; openMs: number; trialMs?: number }) {
  const trialMs = opts.trialMs ?? opts.openMs;
  const state = new Map<string, KeyState>();
  let trials = 0;

  function ticket(key: string, trial: number): BreakerTicket {
    let settled = false;
    const once = (fn: () => void) => () => {
      if (settled) return;
      settled = true;
      fn();
    };
    const isCurrentTrial = () => trial !== 0 && state.get(key)?.trial === trial;
    return {
      // Any clear answer shows the receiver works again.
      success: once(() => state.delete(key)),
      failure: once(() => {
        const s = state.get(key) ?? { failures: 0, openUntil: 0, trial: 0, trialSince: 0 };
        s.failures++;
        if (s.failures >= opts.threshold) {
          s.openUntil = clock.now() + opts.openMs;
          s.trial = 0;
        }
        state.set(key, s);
      }),
      // Nothing learnt about the receiver: wait another pause rather than trust it.
      release: once(() => {
        if (!isCurrentTrial()) return;
        const s = state.get(key)!;
        s.trial = 0;
        s.openUntil = clock.now() + opts.openMs;
      }),
    };
  }

  return {
    /** A ticket when a call may go out now (settle it), null when the circuit refuses it. */
    allow(key: string): BreakerTicket | null {
      const s = state.get(key);
      if (!s || s.openUntil === 0) return ticket(key, 0);
      const now = clock.now();
      if (now < s.openUntil) return null;
      if (s.trial !== 0 && now - s.trialSince < trialMs) return null; // one trial at a time
      s.trial = ++trials;
      s.trialSince = now;
      return ticket(key, s.trial);
    },
    isOpen(key: string): boolean {
      const s = state.get(key);
      return !!s && s.openUntil > 0 && clock.now() < s.openUntil;
    },
  };
}
export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>;
