import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

/** After the page has loaded: the stream never competes with the first page's own requests. */
const START_AFTER_LOAD_MS = 1_500;

/**
 * Keeps the signed-in dashboard live (lib/live-updates.ts): one event stream per tab while the layout
 * is shown. The reader loads after the first page has, so it costs the first load nothing.
 */
export function useLiveUpdates(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const begin = () => {
      timer = setTimeout(() => {
        void import("./live-updates.js").then((m) => {
          if (!cancelled) stop = m.startLiveUpdates(qc);
        });
      }, START_AFTER_LOAD_MS);
    };
    // The page's own requests go first; what changes meanwhile is caught by the refresh on connect.
    if (document.readyState === "complete") begin();
    else window.addEventListener("load", begin, { once: true });
    return () => {
      cancelled = true;
      clearTimeout(timer);
      window.removeEventListener("load", begin);
      stop?.();
    };
  }, [qc]);
}
