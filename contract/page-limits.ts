/** The paging numbers (contract/pagination.ts builds the query schema from them). */
export const MAX_PAGE_SIZE = 100;
/** Deepest `offset` accepted; further pages are reached with `cursor`. */
export const MAX_OFFSET = 10_000;
export const CURSOR_MAX_LENGTH = 512;
/** A total that has no maintained count is counted up to this many rows; the answer then says `totalCapped`. */
export const COUNT_CAP = 10_000;

/** Default page sizes: the dashboard's cards show 35 rows, the stream tables 25. */
export const PAGE_DEFAULTS = { cards: 35, streams: 25, users: 50, all: MAX_PAGE_SIZE } as const;
