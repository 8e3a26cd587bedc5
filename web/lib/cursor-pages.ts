import { useState } from "react";

/**
 * Page state for a keyset-paged list: the cursors of the pages walked so far, so "Previous" goes
 * back exactly and "Next" follows the server's `next`. Starts again at the first page whenever
 * `resetKey` (the list's filters) changes.
 */
export function useCursorPages(resetKey: string) {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetKey, stack: [] });
  const stack = state.key === resetKey ? state.stack : [];
  return {
    /** The cursor of the page shown, undefined on the first. */
    cursor: stack.at(-1),
    /** 0 for the first page. */
    page: stack.length,
    next: (cursor: string) => setState({ key: resetKey, stack: [...stack, cursor] }),
    previous: () => setState({ key: resetKey, stack: stack.slice(0, -1) }),
  };
}
export type CursorPages = ReturnType<typeof useCursorPages>;
