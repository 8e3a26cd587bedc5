/** The source of "now" for everything that expires; tests pass a clock they can move. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

export const toIso = (ms: number) => new Date(ms).toISOString();
