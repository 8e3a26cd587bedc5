import type { Db } from "../../db/handle.js";
import type { Clock } from "../../platform/clock.js";
import type { ServiceLogger } from "../../platform/deps.js";
import { recordChanges } from "../../platform/live-feed.js";
import { orgsOfStreams } from "./viewer-changes.repo.js";

/** Viewer changes are gathered this long, then written as one batch (at most one row per stream). */
export const VIEWER_CHANGE_BATCH_MS = 400;

/**
 * Tells open dashboards that a live stream's viewers or live details changed (`stream.viewers` in the
 * live-update feed). Plays come and go far more often than anything else changes, so this instance
 * gathers them for a moment and writes one row per stream per batch, outside any transaction: a lost
 * batch costs only a later refresh.
 */
export function createViewerChanges(db: Db, clock: Clock, log?: ServiceLogger) {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  async function flush(): Promise<void> {
    timer = undefined;
    const ids = [...pending];
    pending.clear();
    const orgs = await orgsOfStreams(db, ids);
    await recordChanges(
      db,
      [...orgs].map(([id, orgId]) => ({ orgId, kind: "stream.viewers" as const, subjectId: id })),
      clock.now(),
    );
  }

  return {
    changed(streamIds: Iterable<string>): void {
      for (const id of streamIds) pending.add(id);
      if (pending.size === 0 || timer) return;
      timer = setTimeout(() => {
        flush().catch((err: unknown) =>
          log?.warn(
            { err: { message: err instanceof Error ? err.message : String(err) } },
            "viewer changes could not be written to the live-update feed",
          ),
        );
      }, VIEWER_CHANGE_BATCH_MS);
      timer.unref();
    },
  };
}
