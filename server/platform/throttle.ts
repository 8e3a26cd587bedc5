import type { Clock } from "./clock.js";

/**
 * A fixed-window counter in memory, for hot paths where a database round trip per call would cost
 * too much. Per instance: with N instances a key may pass N × max per window, which is fine for its use
 * (keeping a flood of callbacks from being multiplied onto a customer's webhook).
 */
export function createThrottle(clock: Clock, opts: { max: number; windowMs: number; maxKeys?: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const maxKeys = opts.maxKeys ?? 50_000;
  return {
    /** Counts one event for `key`; false once the key is over its limit for this window. */
    take(key: string): boolean {
      const now = clock.now();
      let w = windows.get(key);
      if (!w || now - w.start >= opts.windowMs) {
        if (!w && windows.size >= maxKeys) {
          for (const [k, v] of windows) if (now - v.start >= opts.windowMs) windows.delete(k);
          // Still full of live windows: forget the oldest rather than grow without bound.
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count <= opts.max;
    },
  };
}
