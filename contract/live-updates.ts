import type { Permission } from "./permissions.js";

/**
 * Live updates (`GET /api/live-updates`, server-sent events) as plain data: what kinds of change a
 * dashboard hears of, the topic each belongs to and who may hear it. The server filters by it, the
 * dashboard invalidates its queries by topic, the OpenAPI document lists it. A change carries its kind
 * and the id of what changed (or null) — never names or values: the dashboard refetches through the
 * normal API, so it learns nothing the API would not show the same member.
 */
export const LIVE_UPDATES_PATH = "/api/live-updates";

/** Topics and the permissions that let a member hear them (any one of them). */
export const LIVE_TOPICS = {
  streams: ["Stream.GetStreams", "StreamWithId.GetStream"],
  recordings: ["Stream.GetStreams"],
  members: ["User.GetUsers"],
  invites: ["InviteToken.List"],
  roles: ["Permission.List"],
  tags: ["Tag.GetTags"],
  organisation: ["Organisation.Get"],
} as const satisfies Record<string, readonly Permission[]>;
export type LiveTopic = keyof typeof LIVE_TOPICS;

/** Every kind of change, with its topic; the id is of the stream, recording or member named. */
export const LIVE_KINDS = {
  "stream.created": "streams",
  "stream.live": "streams",
  "stream.ended": "streams",
  "stream.locked": "streams",
  "stream.unlocked": "streams",
  "stream.deleted": "streams",
  /** Tags changed (id null). */
  "stream.updated": "streams",
  /** Viewers or live details (node, bytes) of a live stream changed. */
  "stream.viewers": "streams",
  "recording.ready": "recordings",
  "recording.failed": "recordings",
  "recording.deleted": "recordings",
  "member.joined": "members",
  "member.role_changed": "members",
  "member.removed": "members",
  "invite.created": "invites",
  "invite.revoked": "invites",
  "role.created": "roles",
  "role.updated": "roles",
  "role.deleted": "roles",
  "tag.updated": "tags",
  "tag.deleted": "tags",
  "organisation.updated": "organisation",
} as const satisfies Record<string, LiveTopic>;
export type LiveKind = keyof typeof LIVE_KINDS;

export function isLiveKind(s: string): s is LiveKind {
  return Object.hasOwn(LIVE_KINDS, s);
}

/** The `data` of a `change` event. */
export interface LiveChange {
  kind: LiveKind;
  id: string | null;
}

/** The `data` of the `ready` event, sent first on every connection. */
export interface LiveReady {
  /** A comment line (`: keep-alive`) arrives at least this often; a client may treat longer silence as a lost connection. */
  heartbeatMs: number;
}

/** The `data` of the `closed` event the server sends before it ends a stream. */
export interface LiveClosed {
  /** `credential`: the token was revoked, expired or the member removed (reconnecting answers 401); `max_age`, `shutdown`: reconnect. */
  reason: "credential" | "max_age" | "shutdown";
}

/** Open live-update streams per user on one instance; one more is refused with 429. */
export const LIVE_STREAMS_PER_USER = 20;
/** The longest a stream stays open (seconds) before the server ends it and the client reconnects. */
export const LIVE_MAX_AGE_S = 900;
