/**
 * Table types for Kysely. Times are epoch milliseconds (bigint in PostgreSQL, parsed back to number)
 * and booleans are 0/1 integers, so one set of migrations and queries fits both databases.
 */
import type { ColumnType, Generated, Selectable } from "kysely";

export interface OrganisationsTable {
  id: string;
  name: string;
  hash: string;
  support_level: string;
  analytics_level: string;
  trial: number;
  /** JSON array of package grants, see contract PACKAGE_GRANTS. */
  packages: string;
  webhook: string | null;
  vod_public: number;
  disabled: number;
  api_key_digest: string;
  api_key_enc: string;
  api_key_last4: string;
  api_key_created_at: number;
  player_key_digest: string;
  player_key_enc: string;
  created_at: number;
  /** JSON of the limits the operator set (see contract/limits.ts); null: the defaults. */
  limits: string | null;
  /** The webhook signing secret `whsec_…`, sealed; null only until the service makes one (migration 0011). */
  webhook_secret_enc: string | null;
  /** The rotated-out secret, still signing until `webhook_previous_secret_expires_at`. */
  webhook_previous_secret_enc: string | null;
  webhook_previous_secret_expires_at: number | null;
}

/** An organisation row as read (the credential lookup hands it to the request). */
export type OrganisationRecord = Selectable<OrganisationsTable>;

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  email_lower: string;
  password_hash: string;
  role: string;
  token_key: string;
  created_at: number;
  /** When the member last used a bintu token (written at most every few minutes); null before. */
  last_active_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface RolesTable {
  org_id: string;
  name: string;
  label: string;
  description: string;
  audiences: string;
  permissions: string;
  created_at: number;
  updated_at: number;
}

export interface TokensTable {
  digest: string;
  user_id: string;
  org_id: string;
  created_at: number;
  expires_at: number;
  /** Last request made with the token (kept only when an idle limit is configured; null before). */
  last_used_at: number | null;
}

export interface StreamsTable {
  id: string;
  org_id: string;
  name: string;
  state: string;
  created_at: number;
  updated_at: number;
}

/** A stream's tag, with a copy of the stream's state and creation time for "streams with tag t" ranges. */
export interface StreamTagsTable {
  stream_id: string;
  org_id: string;
  tag: string;
  state: string;
  created_at: number;
}

/** One tag of an organisation and how many (not deleted) streams carry it, in total and per state. */
export interface TagsTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  /** `name.toLowerCase()`: the sort and search key. */
  name_lower: string;
  streams: number;
  n_created: number;
  n_live: number;
  n_ended: number;
  n_locked: number;
}

/** A live stream's runtime facts (see migration 0008). */
export interface StreamLiveTable {
  stream_id: string;
  org_id: string;
  app: string;
  /** The media server node holding the publisher (`host:port` of its control server), if known. */
  node: string | null;
  since: number;
  publisher_addr: string | null;
  client_id: string | null;
  last_callback_at: number;
  /** Last callback or /stat sample that showed the stream published. */
  last_seen_at: number;
  viewers: number;
  bytes_in: number | null;
  bytes_out: number | null;
  /** When /stat first failed to show the stream on any reachable node (null while it does). */
  stat_missing_since: number | null;
}

/** An HLS viewer of a stream and when an instance last saw it fetch (migration 0017). */
/** A stream's latest thumbnail (null until the first) and the capture lease (migration 0019). */
export interface StreamThumbnailsTable {
  stream_id: string;
  org_id: string;
  jpeg: Buffer | null;
  /** The strong ETag, quoted. */
  etag: string | null;
  taken_at: number | null;
  width: number | null;
  height: number | null;
  /** The instance holding the lease (diagnostics only: `lease_until` decides). */
  lease_owner: string | null;
  /** No instance captures this stream before this time. */
  lease_until: number;
  /** Failed captures in a row (migration 0020): the wait before the next try doubles with each. */
  failures: Generated<number>;
}

export interface StreamHlsViewersTable {
  stream_id: string;
  /** A digest of the token's subject or the client address: no address is stored. */
  viewer: string;
  last_seen: number;
}

/** A maintained total (see platform/counters.ts); PostgreSQL spreads each over shards. */
export interface CountersTable {
  org_id: string;
  key: string;
  shard: number;
  n: number;
}

export interface AuditEventsTable {
  id: string;
  org_id: string | null;
  at: number;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  outcome: string;
  detail: string | null;
  request_id: string | null;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: number;
  blocked_until: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface InvitesTable {
  id: string;
  org_id: string;
  role: string;
  token_digest: string;
  created_by: string | null;
  created_by_label: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by: string | null;
  revoked_at: number | null;
  /** Optional, set by whoever invites: tells two invitations of one role apart. */
  label: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PasswordResetsTable {
  id: string;
  org_id: string;
  user_id: string;
  token_digest: string;
  created_by: string | null;
  created_by_label: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
}

export interface IngestCallsTable {
  id: string;
  org_id: string | null;
  stream_id: string | null;
  stream_name: string;
  call: string;
  decision: string;
  reason: string;
  receiver_status: number | null;
  latency_ms: number;
  at: number;
}

export interface VodAssetsTable {
  id: string;
  org_id: string;
  stream_id: string;
  file_name: string;
  status: string;
  reason: string | null;
  size_bytes: number;
  duration_ms: number;
  created_at: number;
}

/** A POST's Idempotency-Key: the request's fingerprint and, once done, its answer (encrypted). */
export interface IdempotencyKeysTable {
  org_id: string;
  /** Who used the key: `user:<id>` or `apiKey`; keys of different callers never meet. */
  scope: string;
  key: string;
  fingerprint: string;
  state: "pending" | "done";
  status: number | null;
  body_enc: string | null;
  created_at: number;
}

export interface Schema {
  idempotency_keys: IdempotencyKeysTable;
  vod_assets: VodAssetsTable;
  ingest_calls: IngestCallsTable;
  invites: InvitesTable;
  password_resets: PasswordResetsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  roles: RolesTable;
  tokens: TokensTable;
  streams: StreamsTable;
  stream_tags: StreamTagsTable;
  tags: TagsTable;
  counters: CountersTable;
  stream_live: StreamLiveTable;
  stream_hls_viewers: StreamHlsViewersTable;
  stream_thumbnails: StreamThumbnailsTable;
  audit_events: AuditEventsTable;
  rate_limits: RateLimitsTable;
  settings: SettingsTable;
  event_endpoints: EventEndpointsTable;
  events: EventsTable;
  event_deliveries: EventDeliveriesTable;
  event_delivery_attempts: EventDeliveryAttemptsTable;
  playback_keys: PlaybackKeysTable;
  usage_minutes: UsageMinutesTable;
  usage_hours: UsageRowsTable;
  usage_days: UsageRowsTable;
  usage_viewers: UsageViewersTable;
  usage_claims: UsageClaimsTable;
  live_changes: LiveChangesTable;
}

/** An ES256 playback signing key (migration 0016, modules/playback). */
export interface PlaybackKeysTable {
  id: string;
  org_id: string;
  kid: string;
  /** 'orgdeck' for the key orgdeck mints with (private half sealed); null for a customer's key. */
  held_by: "orgdeck" | null;
  name: string | null;
  /** JSON of the public JWK. */
  public_jwk: string;
  private_key_enc: string | null;
  created_at: number;
}

// ---- Event delivery (migration 0012, modules/events) ------------------------------------------

/** A receiver of signed events. Secrets are AES-GCM sealed (keyring); `events` is a JSON list or ["*"]. */
export interface EventEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  events: string;
  description: string | null;
  enabled: number;
  secret_enc: string;
  previous_secret_enc: string | null;
  /** Until then the previous secret signs alongside the current one (rotation overlap). */
  previous_secret_expires_at: number | null;
  created_at: number;
  updated_at: number;
  failing_since: number | null;
  disabled_reason: "gone" | "failing" | null;
}

/** The outbox: one row per event; `id` is the webhook-id of every attempt of every delivery. */
export interface EventsTable {
  id: string;
  org_id: string;
  type: string;
  /** JSON of the event's `data`. */
  payload: string;
  created_at: number;
}

/** One event for one endpoint. A claim moves `next_attempt_at` to `claimed_until` (the lease). */
export interface EventDeliveriesTable {
  id: string;
  event_id: string;
  endpoint_id: string;
  org_id: string;
  status: "pending" | "delivered" | "failed";
  attempts: Generated<number>;
  round_start: Generated<number>;
  next_attempt_at: number | null;
  claimed_by: string | null;
  claimed_until: number | null;
  created_at: number;
}

export interface EventDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: number;
  response_status: number | null;
  latency_ms: number;
  error: string | null;
}

// ---- end of event delivery ---------------------------------------------------------------------

/**
 * Every column, named: the prepared statements of the hot paths list their columns, so a column added
 * later does not change the shape of a statement PostgreSQL already holds.
 */
export const ORG_COLUMNS = [
  "id",
  "name",
  "hash",
  "support_level",
  "analytics_level",
  "trial",
  "packages",
  "webhook",
  "vod_public",
  "disabled",
  "api_key_digest",
  "api_key_enc",
  "api_key_last4",
  "api_key_created_at",
  "player_key_digest",
  "player_key_enc",
  "created_at",
  "limits",
  "webhook_secret_enc",
  "webhook_previous_secret_enc",
  "webhook_previous_secret_expires_at",
] as const satisfies ReadonlyArray<keyof OrganisationsTable>;
export const STREAM_COLUMNS = [
  "id",
  "org_id",
  "name",
  "state",
  "created_at",
  "updated_at",
] as const satisfies ReadonlyArray<keyof StreamsTable>;

/** The live-update change feed (migration 0023, platform/live-feed.ts): ids and kinds, pruned after minutes. */
export interface LiveChangesTable {
  id: Generated<number>;
  org_id: string;
  kind: string;
  subject_id: string | null;
  at: number;
}

// ---- Usage analytics (migration 0025, modules/analytics) ----------------------------------------

/** One bucket of usage of one scope: 'o' the organisation (key ''), 's' a stream (key its id), 't' a tag. */
export interface UsageRowsTable {
  org_id: string;
  scope: "o" | "s" | "t";
  key: string;
  /** Start of the bucket, epoch ms (UTC minute, hour or day). */
  t: number;
  published_minutes: number;
  viewer_minutes: number;
  peak_viewers: number;
  viewers: number;
  bytes_out: number;
}
export interface UsageMinutesTable extends UsageRowsTable {
  session_since: number | null;
  bytes_mark: number | null;
}
/** A stream's distinct viewers per hour (a digest of the token subject or client address). */
export interface UsageViewersTable {
  stream_id: string;
  hour: number;
  viewer: string;
  org_id: string;
}
/** Which minutes an instance has sampled: the first to claim a minute writes it. */
export interface UsageClaimsTable {
  minute: number;
  claimed_at: number;
}
