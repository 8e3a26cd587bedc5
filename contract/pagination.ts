import { z } from "zod";

/**
 * Paging, in one place: every list query takes `pageQuery(defaultLimit)` and every list answer carries
 * `next` (and `total`, or `cappedTotal` where a count may stop at COUNT_CAP).
 */

// The numbers live without zod, so the dashboard can use them without the schema library.
import { MAX_OFFSET, MAX_PAGE_SIZE } from "./page-limits.js";
export { COUNT_CAP, CURSOR_MAX_LENGTH, MAX_OFFSET, MAX_PAGE_SIZE, PAGE_DEFAULTS } from "./page-limits.js";

/**
 * `limit`, `offset` and `cursor` query parameters. `limit` above the maximum is clamped to it;
 * `cursor` is the `next` of the previous page (opaque). `offset` is kept for old clients, up to MAX_OFFSET.
 */
export function pageQuery(defaultLimit: number, max = MAX_PAGE_SIZE) {
  return {
    limit: z.coerce
      .number({ error: "limit must be a number" })
      .int({ message: "limit must be an integer" })
      .min(1, { message: "limit must be at least 1" })
      .default(defaultLimit)
      .transform((n) => Math.min(n, max))
      .describe(`page size, 1-${max}; larger values are clamped to ${max}`),
    offset: z.coerce
      .number({ error: "offset must be a number" })
      .int({ message: "offset must be an integer" })
      .min(0, { message: "offset must be at least 0" })
      .default(0)
      .describe(`rows to skip, at most ${MAX_OFFSET} (use cursor beyond)`),
    // Its length is checked with its signature, so every bad cursor gets the same answer.
    cursor: z.string({ error: "cursor must be a string" }).optional().describe("the next value of the previous page"),
  };
}

/** The cursor of the page after this one; null on the last page. */
export const nextCursor = z.string().nullable().describe("pass as cursor to get the next page; null on the last page");

/** A total that may be counted only up to COUNT_CAP rows; `totalCapped` says when it was. */
export const cappedTotal = {
  total: z.number().int(),
  totalCapped: z.boolean().optional(),
};
