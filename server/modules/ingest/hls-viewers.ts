import { createHash } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import type { ServiceLogger } from "../../platform/deps.js";
import { HLS_VIEWER_WINDOW_MS, type StreamsService } from "../streams/streams.service.js";

/** How often this instance writes its sightings. */
export const HLS_FLUSH_MS = 5_000;
/** A viewer still fetching is written again once its stored sighting is this old (well inside the window). */
const REFRESH_MS = 10_000;
/** Rows unseen this long are deleted (any instance may do it; it is idempotent). */
const PRUNE_AFTER_MS = 2 * HLS_VIEWER_WINDOW_MS;
/** Bounds this instance's memory; beyond it new viewers are not counted until some leave. */
const MAX_TRACKED = 500_000;

/**
 * HLS viewers in memory: every authorised HLS request notes its viewer (per stream, by token subject or
 * client address); every 5 s the new sightings, and those stored 10 s ago or more, go to the database
 * in one transaction. So a viewer costs one write per ~10 s however often its player fetches, and
 * stops counting within 30 s of its last request (HLS_VIEWER_WINDOW_MS after its last stored sighting).
 */
export function createHlsViewers(streams: StreamsService, clock: Clock, log: ServiceLogger) {
  const seen = new Map<string, { streamId: string; viewer: string; at: number; stored: number }>();
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  let writing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    const now = clock.now();
    const rows: Array<{ stream_id: string; viewer: string; last_seen: number }> = [];
    // Streams whose count moves: a viewer new here, or one that stopped counting (for live updates).
    const changed = new Set<string>();
    for (const [key, v] of seen) {
      if (v.at <= now - HLS_VIEWER_WINDOW_MS) {
        seen.delete(key);
        changed.add(v.streamId);
      } else if (v.at - v.stored >= REFRESH_MS || v.stored === 0) {
        if (v.stored === 0) changed.add(v.streamId);
        rows.push({ stream_id: v.streamId, viewer: v.viewer, last_seen: v.at });
        v.stored = v.at;
      }
    }
    // One order for every instance, so concurrent batches on PostgreSQL cannot deadlock.
    rows.sort((a, b) =>
      a.stream_id === b.stream_id ? (a.viewer < b.viewer ? -1 : 1) : a.stream_id < b.stream_id ? -1 : 1,
    );
    try {
      await streams.recordHlsViewers(rows);
      streams.viewersChanged(changed);
      if (now - lastPrune >= HLS_VIEWER_WINDOW_MS) {
        lastPrune = now;
        await streams.pruneHlsViewers(now - PRUNE_AFTER_MS);
      }
    } catch (err) {
      // Counts only: the viewers are written again at their next refresh.
      for (const r of rows) {
        const v = seen.get(`${r.stream_id}|${r.viewer}`);
        if (v && v.stored === r.last_seen) v.stored = 0;
      }
      log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, "HLS viewer flush failed");
    }
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    writing = writing.then(write);
    return writing.then(schedule);
  }
  function schedule(): void {
    if (seen.size > 0) timer ??= setTimeout(() => void flush(), HLS_FLUSH_MS).unref();
  }

  return {
    /** An authorised request of this viewer; true when it is new here (not seen within the window). */
    saw(streamId: string, who: string): boolean {
      const viewer = createHash("sha256").update(who).digest("base64url").slice(0, 22);
      const key = `${streamId}|${viewer}`;
      const now = clock.now();
      const v = seen.get(key);
      if (v) {
        v.at = Math.max(v.at, now);
        return false;
      }
      if (seen.size >= MAX_TRACKED) return false;
      seen.set(key, { streamId, viewer, at: now, stored: 0 });
      schedule();
      return true;
    },
    flush,
  };
}
