import { z } from "zod";
import { idInput, isoDate, uuid } from "./common.js";
import { nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";
import { STREAM_STATES } from "./stream.js";

export const vodResponse = z.object({
  id: uuid,
  streamId: uuid,
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
    streamId: idInput.optional(),
    ...pageQuery(PAGE_DEFAULTS.streams),
  })
  .strict();
export type VodListQuery = z.infer<typeof vodListQuery>;

export const vodListResponse = z.object({
  vods: z.array(vodResponse),
  total: z.number().int(),
  next: nextCursor,
  /** Playable recordings of the whole organisation: what turning "VODs are public" on would expose. */
  ready: z.number().int(),
  vodPublic: z.boolean(),
});
export type VodListResponse = z.infer<typeof vodListResponse>;

export const publicStreamResponse = z.object({
  id: uuid,
  name: z.string(),
  state: z.enum(STREAM_STATES),
  /**
   * RTMP always; with the H5Live package also the HLS playlist and the embed page (by stream id), and
   * `tokenRequired` when the Secure package makes viewers add `?token=` (this public answer carries none).
   */
  playouts: z.object({
    rtmp: z.string(),
    hls: z.string().optional(),
    embed: z.string().optional(),
    tokenRequired: z.boolean().optional(),
  }),
  /** Present only while the organisation's VODs are public. */
  vods: z
    .array(
      vodResponse.pick({ id: true, fileName: true, sizeBytes: true, durationMs: true, createdAt: true, url: true }),
    )
    .optional(),
});
export type PublicStreamResponse = z.infer<typeof publicStreamResponse>;
