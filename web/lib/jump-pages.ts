import { useState } from "react";
import { MAX_OFFSET } from "../../contract/page-limits.js";

/** How one page of a keyset-paged list is fetched (see the list's query). */
export interface PageFetch {
  cursor?: string;
  offset?: number;
  /** `limit` rows at `offset` in the opposite order, shown reversed: pages near the end of a long list. */
  fromEnd?: { offset: number; limit: number };
}

/**
 * Page state for a list that pages with keyset cursors and also jumps: "Next" and "Previous" follow
 * cursors (exact even while rows are added), a page number within the server's offset limit is fetched
 * by offset, and pages near the end from the end. Starts again at page 1 whenever `resetKey` changes.
 */
export function useJumpPages(resetKey: string, pageSize: number) {
  const fresh = { key: resetKey, page: 1, fetch: {} as PageFetch, cursors: {} as Record<number, string> };
  const [state, setState] = useState(fresh);
  const s = state.key === resetKey ? state : fresh;

  /** How page `p` (1-based) can be fetched, or null when it is out of reach of a jump. */
  function fetchFor(p: number, total: number): PageFetch | null {
    if (p <= 1) return {};
    const known = s.cursors[p];
    if (known) return { cursor: known };
    const offset = (p - 1) * pageSize;
    if (offset <= MAX_OFFSET) return { offset };
    const end = Math.min(p * pageSize, total);
    if (end <= offset) return null;
    if (total - end <= MAX_OFFSET) return { fromEnd: { offset: total - end, limit: end - offset } };
    return null;
  }

  const jump = (p: number, total: number) => {
    const f = fetchFor(p, total);
    if (f) setState({ ...s, page: p, fetch: f });
  };
  return {
    /** 1 for the first page. */
    page: s.page,
    fetch: s.fetch,
    pageCount: (total: number) => Math.max(1, Math.ceil(total / pageSize)),
    canJump: (p: number, total: number) => fetchFor(p, total) !== null,
    jump,
    /** The next page through this page's `next` cursor (remembered, so "Previous" comes back exactly). */
    next(cursor: string | null | undefined, total: number) {
      if (!cursor) return jump(s.page + 1, total);
      setState({ ...s, page: s.page + 1, fetch: { cursor }, cursors: { ...s.cursors, [s.page + 1]: cursor } });
    },
  };
}
export type JumpPages = ReturnType<typeof useJumpPages>;
