/**
 * The stream list's sorts, directions and search modes, without zod, so the dashboard can import them
 * without the schema library (contract/stream.ts builds the query schema from them).
 */

/** What the stream list sorts by; `state` orders live, created, ended, locked (newest first within one). */
export const STREAM_SORTS = ["created", "updated", "name", "state"] as const;
export type StreamSort = (typeof STREAM_SORTS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
/** Each sort's direction when `dir` is not given: newest first for times, A→Z for names, live first for state. */
export const STREAM_SORT_DEFAULT_DIR: Record<StreamSort, SortDirection> = {
  created: "desc",
  updated: "desc",
  name: "asc",
  state: "asc",
};
/** The order of `sort=state` (asc); desc is its exact reverse. */
export const STREAM_STATE_ORDER = ["live", "created", "ended", "locked"] as const;
export const STREAM_SEARCH_MAX = 64;
/** A `match=contains` search looks at most this many streams per request; `partial` says when it stopped there. */
export const CONTAINS_SCAN_MAX = 10_000;
export const SEARCH_MATCHES = ["prefix", "contains"] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];
