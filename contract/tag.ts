import { z } from "zod";
import { paginationQuery, safeText } from "./common.js";

export const TAG_MAX_LENGTH = 64;
export const TAGS_PER_STREAM_MAX = 32;
export const tagSchema = safeText("tag", TAG_MAX_LENGTH);

export const tagListQuery = z
  .object({
    ...paginationQuery,
    q: z.string().max(TAG_MAX_LENGTH, { message: `q must be at most ${TAG_MAX_LENGTH} characters` }).optional(),
  })
  .strict();
export type TagListQuery = z.infer<typeof tagListQuery>;

export const tagListResponse = z.object({
  tags: z.array(z.object({ name: z.string(), streams: z.number().int() })),
  total: z.number().int(),
});
export type TagListResponse = z.infer<typeof tagListResponse>;
