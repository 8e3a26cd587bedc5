import { z } from "zod";
import { idInput, isoDate, uuid } from "./common.js";
import { cappedTotal, nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";
import { TAG_MAX_LENGTH, TAGS_PER_STREAM_MAX } from "./tag.js";

import { STREAM_STATES } from "./stream-states.js";
import { CONTAINS_SCAN_MAX, SEARCH_MATCHES, SORT_DIRECTIONS, STREAM_SEARCH_MAX, STREAM_SORTS } from "./stream-list.js";

export { STREAM_STATES, type StreamState } from "./stream-states.js";
export * from "./stream-list.js";

/** Raw tags; the server trims, NFC-normalises and checks each one (see contract/tag.ts). */
const tagsInput = z
  .array(
    z
      .string({ error: "each tag must be a string" })
      .max(TAG_MAX_LENGTH * 4, { message: `a tag must be at most ${TAG_MAX_LENGTH} characters` }),
    { error: "tags must be an array of strings" },
  )
  .max(TAGS_PER_STREAM_MAX, { message: `at most ${TAGS_PER_STREAM_MAX} tags per stream` });

export const createStreamRequest = z.object({ tags: tagsInput.optional() }).strict();
export type CreateStreamRequest = z.infer<typeof createStreamRequest>;

export const setTagsRequest = z.object({ tags: tagsInput }).strict();
export type SetTagsRequest = z.infer<typeof setTagsRequest>;

/** While a stream is live: what the media servers report about it. */
export const streamLiveInfo = z.object({
  since: isoDate,
  /** The media server node holding the publisher (`host:port`), when known. */
  node: z.string().nullable(),
  app: z.string(),
  publisherAddr: z.string().nullable(),
  /** Players connected now (play/play_done callbacks, corrected by the nodes' /stat). */
  viewers: z.number().int(),
  lastCallbackAt: isoDate,
  bytesIn: z.number().nullable(),
  bytesOut: z.number().nullable(),
});
export type StreamLiveInfo = z.infer<typeof streamLiveInfo>;

/**
 * Where viewers play a stream (organisations with the H5Live package). Absolute URLs naming the stream
 * by id, never by name (the name is the publishing key); with the Secure package each carries `?token=`.
 */
export const streamPlayout = z.object({
  hls: z.string().describe("HLS playlist on the playout server"),
  rtmp: z.string().describe("RTMP play URL"),
  embed: z.string().describe("orgdeck's full-window player page, for an iframe"),
});
export type StreamPlayout = z.infer<typeof streamPlayout>;

export const streamResponse = z.object({
  id: uuid,
  name: z.string(),
  state: z.enum(STREAM_STATES),
  tags: z.array(z.string()),
  createdAt: isoDate,
  updatedAt: isoDate,
  ingest: z.object({ rtmpUrl: z.string(), streamName: z.string() }),
  /** Present when the organisation has the H5Live package. */
  playout: streamPlayout.optional(),
  /**
   * The latest thumbnail (GET it with the same credential): present when the organisation has Live
   * Processing's thumbnail feature and a picture was taken. A path on this server, like a recording's url.
   */
  thumbnailUrl: z.string().optional(),
  /** Present while the stream is live. */
  live: streamLiveInfo.optional(),
  /** After stop, lock or delete: media server nodes that could not be told to drop the stream. */
  unreachedNodes: z.array(z.string()).optional(),
});
export type StreamResponse = z.infer<typeof streamResponse>;

const oneOrMany = z.union([
  z.string().max(TAG_MAX_LENGTH * 4),
  z.array(z.string().max(TAG_MAX_LENGTH * 4)).max(TAGS_PER_STREAM_MAX),
]);

export const streamListQuery = z
  .object({
    /** Repeat `tag=` for several; a stream must carry all of them. */
    tag: oneOrMany.optional(),
    state: z.enum(STREAM_STATES, { message: `state must be one of ${STREAM_STATES.join(", ")}` }).optional(),
    q: z
      .string({ error: "q must be a string" })
      .min(1, { message: "q must not be empty" })
      .max(STREAM_SEARCH_MAX, { message: `q must be at most ${STREAM_SEARCH_MAX} characters` })
      .optional()
      .describe(
        "search by stream name: with match=prefix (default) names starting with q, or whose part after the organisation's `<hash>-` starts with q (an index range); with match=contains names containing q, any case",
      ),
    match: z
      .enum(SEARCH_MATCHES, { message: `match must be one of ${SEARCH_MATCHES.join(", ")}` })
      .default("prefix")
      .describe(
        `how q matches: prefix (index range) or contains (looks at most ${CONTAINS_SCAN_MAX} streams per request)`,
      ),
    sort: z
      .enum(STREAM_SORTS, { message: `sort must be one of ${STREAM_SORTS.join(", ")}` })
      .default("created")
      .describe("created (default), updated, name, or state (live, created, ended, locked; newest first within one)"),
    dir: z
      .enum(SORT_DIRECTIONS, { message: `dir must be one of ${SORT_DIRECTIONS.join(", ")}` })
      .optional()
      .describe(
        "asc or desc; default desc for created and updated, asc for name and state. desc is the exact reverse of asc",
      ),
    ...pageQuery(PAGE_DEFAULTS.streams),
  })
  .strict();
export type StreamListQuery = z.infer<typeof streamListQuery>;

export const streamListResponse = z.object({
  streams: z.array(streamResponse),
  /** Exact for no tag or one tag (with or without state); with several tags counted up to COUNT_CAP, then totalCapped. */
  ...cappedTotal,
  next: nextCursor,
  /**
   * A `match=contains` search stopped after looking at CONTAINS_SCAN_MAX streams before the page was full:
   * `next` continues the search where it stopped (this page may hold fewer rows, even none).
   */
  partial: z.boolean().optional(),
});
export type StreamListResponse = z.infer<typeof streamListResponse>;

export const deleteStreamResponse = z.object({ ok: z.literal(true), unreachedNodes: z.array(z.string()).optional() });

export const renameTagRequest = z
  .object({ name: z.string({ error: "name must be a string" }).max(TAG_MAX_LENGTH * 4) })
  .strict();
export const tagChangeResponse = z.object({ name: z.string(), streams: z.number().int() });

export const INGEST_CALLS = [
  "publish",
  "update_publish",
  "publish_done",
  "play",
  "update_play",
  "play_done",
  "record_done",
] as const;
export type IngestCall = (typeof INGEST_CALLS)[number];

export const ingestCallResponse = z.object({
  id: z.string(),
  at: isoDate,
  call: z.string(),
  streamName: z.string(),
  streamId: uuid.nullable(),
  decision: z.enum(["allow", "deny"]),
  reason: z.string(),
  receiverStatus: z.number().int().nullable(),
  latencyMs: z.number(),
});
export type IngestCallResponse = z.infer<typeof ingestCallResponse>;

export const ingestCallListQuery = z
  .object({
    streamId: idInput.optional(),
    decision: z.enum(["allow", "deny"]).optional(),
    ...pageQuery(PAGE_DEFAULTS.streams),
  })
  .strict();
export const ingestCallListResponse = z.object({
  calls: z.array(ingestCallResponse),
  total: z.number().int(),
  next: nextCursor,
});

export const webhookTestResponse = z.object({
  decision: z.enum(["allow", "deny"]),
  receiverStatus: z.number().int().nullable(),
  latencyMs: z.number(),
  reason: z.string(),
});
export type WebhookTestResponse = z.infer<typeof webhookTestResponse>;
