/**
 * Stream states as plain data, free of zod, so the dashboard can import them without shipping the
 * schema library to the browser.
 */
export const STREAM_STATES = ["created", "live", "ended", "locked", "deleted"] as const;
export type StreamState = (typeof STREAM_STATES)[number];

/** The state changes a member may make, and from where; the server enforces them, the dashboard offers them. */
export const STREAM_TRANSITIONS = {
  stop: { from: ["live"], to: "ended" },
  lock: { from: ["created", "live", "ended"], to: "locked" },
  unlock: { from: ["locked"], to: "created" },
} as const satisfies Record<string, { from: readonly StreamState[]; to: StreamState }>;
export type StreamTransition = keyof typeof STREAM_TRANSITIONS;
export type StreamOp = StreamTransition | "delete";

/** What can be done to a stream in `state`: its transitions, and delete unless it is gone already. */
export function streamOpsFrom(state: StreamState): StreamOp[] {
  if (state === "deleted") return [];
  const ops = (Object.keys(STREAM_TRANSITIONS) as StreamTransition[]).filter((op) =>
    (STREAM_TRANSITIONS[op].from as readonly StreamState[]).includes(state),
  );
  return [...ops, "delete"];
}
