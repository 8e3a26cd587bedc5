/**
 * The event catalogue and limits as plain data (no zod), so the dashboard can offer the events and
 * the server can check them from one list; contract/events.ts holds the schemas built on it.
 */
export const EVENT_TYPES = [
  { type: "stream.created", description: "A stream was created" },
  { type: "stream.live", description: "A stream started publishing" },
  { type: "stream.ended", description: "A stream stopped publishing" },
  { type: "stream.locked", description: "A stream was locked" },
  { type: "stream.unlocked", description: "A stream was unlocked" },
  { type: "stream.deleted", description: "A stream was deleted" },
  { type: "recording.ready", description: "A recording was remuxed and can be played" },
  { type: "recording.failed", description: "A recording could not be processed" },
  { type: "member.joined", description: "A member joined the organisation" },
  { type: "member.role_changed", description: "A member's role changed" },
  { type: "member.removed", description: "A member was removed" },
  { type: "apikey.rotated", description: "The organisation's API key was rotated" },
  { type: "ping", description: "A test event sent on request (only to the endpoint asked)" },
] as const;
export type EventType = (typeof EVENT_TYPES)[number]["type"];
export const EVENT_TYPE_NAMES = EVENT_TYPES.map((e) => e.type) as EventType[];
export const isEventType = (s: string): s is EventType => (EVENT_TYPE_NAMES as string[]).includes(s);

/** Event endpoints per organisation unless the operator sets its `endpoints` limit (beyond: 409 quota_exceeded). */
export const DEFAULT_EVENT_ENDPOINTS = 20;
export const EVENT_URL_MAX_LENGTH = 2048;
export const EVENT_SECRET_PREFIX = "whsec_";
