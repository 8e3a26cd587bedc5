/**
 * Stream states as plain data, free of zod, so the dashboard can import them without shipping the
 * schema library to the browser.
 */
export const STREAM_STATES = ["created", "live", "ended", "locked", "deleted"] as const;
export type StreamState = (typeof STREAM_STATES)[number];
