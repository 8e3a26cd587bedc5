import { z } from "zod";
import { isoDate, MAX_PAGE_SIZE } from "./common.js";
import { STREAM_STATES } from "./stream.js";

export const vodResponse = z.object({
  id: z.string(),
  streamId: z.string(),
  fileName: z.string(),
  status: z.enum(["ready", "failed"]),
  reason: z.string().nullable(),
  sizeBytes: z.number(),
  durationMs: z.number(),
  createdAt: isoDate,
  /** Path of the MP4 on this server (`/vod/<orgHash>/<file>`); null for a failed recording. */
  url: z.string().nullable(),
});
export type VodResponse = z.infer<typeof vodResponse>;

export const vodListQuery = z
  .object({
    streamId: z.string().max(64).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int().min(1, { message: "limit must be at least 1" }).default(25).transform((n) => Math.min(n, MAX_PAGE_SIZE)),
    offset: z.coerce.number({ error: "offset must be a number" }).int().min(0, { message: "offset must be at least 0" }).default(0),
  })
  .strict();
export type VodListQuery = z.infer<typeof vodListQuery>;

export const vodListResponse = z.object({
  vods: z.array(vodResponse),
  total: z.number().int(),
  /** Playable recordings of the whole organisation: what turning "VODs are public" on would expose. */
  ready: z.number().int(),
  vodPublic: z.boolean(),
});
export type VodListResponse = z.infer<typeof vodListResponse>;

export const publicStreamResponse = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(STREAM_STATES),
  playouts: z.object({ rtmp: z.string() }),
  /** Present only while the organisation's VODs are public. */
  vods: z.array(vodResponse.pick({ id: true, fileName: true, sizeBytes: true, durationMs: true, createdAt: true, url: true })).optional(),
});
export type PublicStreamResponse = z.infer<typeof publicStreamResponse>;
