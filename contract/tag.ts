import { z } from "zod";
import { safeText } from "./common.js";
import { nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";

import { TAG_MAX_LENGTH } from "./tag-limits.js";

export { TAG_MAX_LENGTH, TAGS_PER_STREAM_MAX } from "./tag-limits.js";
export const tagSchema = safeText("tag", TAG_MAX_LENGTH);

export const tagListQuery = z
  .object({
    ...pageQuery(PAGE_DEFAULTS.cards),
    q: z
      .string()
      .max(TAG_MAX_LENGTH, { message: `q must be at most ${TAG_MAX_LENGTH} characters` })
      .optional()
      .describe("case-insensitive part of the tag name"),
  })
  .strict();
export type TagListQuery = z.infer<typeof tagListQuery>;

export const tagListResponse = z.object({
  tags: z.array(z.object({ name: z.string(), streams: z.number().int() })),
  total: z.number().int(),
  next: nextCursor,
});
export type TagListResponse = z.infer<typeof tagListResponse>;
