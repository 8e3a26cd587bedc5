import type { EventType } from "./event-types.js";
import type { Permission } from "./permissions.js";

/**
 * The permission that reads each event's data elsewhere in the API. Subscribing an endpoint to an event
 * (or resending one) needs it on top of Organisation.SetWebhook: an endpoint is a way to read that
 * data, so it must not be a way around the right (stream names are publishing keys; members carry
 * emails). A Record over every event type, so a new event cannot be added without its right.
 */
export const EVENT_READ_RIGHTS: Readonly<Record<EventType, readonly Permission[]>> = {
  "stream.created": ["StreamWithId.GetStream"],
  "stream.live": ["StreamWithId.GetStream"],
  "stream.ended": ["StreamWithId.GetStream"],
  "stream.locked": ["StreamWithId.GetStream"],
  "stream.unlocked": ["StreamWithId.GetStream"],
  "stream.deleted": ["StreamWithId.GetStream"],
  // What GET /api/vod (the recordings list) requires.
  "recording.ready": ["Stream.GetStreams"],
  "recording.failed": ["Stream.GetStreams"],
  "member.joined": ["User.GetUsers"],
  "member.role_changed": ["User.GetUsers"],
  "member.removed": ["User.GetUsers"],
  "apikey.rotated": ["ApiKey.Get"],
  // Carries only the endpoint's own id.
  ping: [],
};

/** The permissions a subscription (event names, or `["*"]` for every event) needs, each once. */
export function rightsToSubscribe(events: readonly string[]): Permission[] {
  const types = events.includes("*")
    ? (Object.keys(EVENT_READ_RIGHTS) as EventType[])
    : events.filter((e): e is EventType => Object.hasOwn(EVENT_READ_RIGHTS, e));
  return [...new Set(types.flatMap((t) => EVENT_READ_RIGHTS[t]))];
}
