import { createHash, randomUUID } from "node:crypto";
import type { Clock } from "../../platform/clock.js";
import type { ServiceLogger } from "../../platform/deps.js";
import type { Db } from "../../db/handle.js";
import { hasPackage } from "../../platform/packages.js";
import { jpegSize } from "./jpeg.js";
import { createLimiter } from "./limiter.js";
import * as repo from "./thumbnails.repo.js";

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  log: ServiceLogger;
  intervalMs: number;
  concurrency: number;
  /** One JPEG of the stream now (ffmpeg in production), given up at the deadline or on the signal. */
  capture(streamId: string, deadlineMs: number, signal: AbortSignal): Promise<Buffer>;
}

/** How long one capture may take: the interval, within 5–20 s. */
export const deadlineFor = (intervalMs: number) => Math.min(20_000, Math.max(5_000, intervalMs));
const PURGE_EVERY_MS = 60_000;
/** The longest wait after failed captures: a stream that cannot be read is tried at least this often. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/** When to try again after the `failures`-th failure in a row: one interval, then twice as long each time. */
export const retryDelay = (intervalMs: number, failures: number) =>
  Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** Math.min(20, Math.max(0, failures - 1)));

/**
 * Every serving instance runs one: a pass every quarter interval (0.25–2 s) finds live streams of
 * organisations with thumbnails whose next capture is due, takes each one's lease in the database (one
 * instance wins per stream and interval) and captures at most `concurrency` at once. A lease runs from
 * the capture's start to one interval later, so captures keep the interval whoever takes them; a stream
 * that is no longer live is no longer found.
 */
export function createThumbnailScheduler(deps: SchedulerDeps) {
  const { db, clock, log, intervalMs } = deps;
  const owner = randomUUID();
  const deadline = deadlineFor(intervalMs);
  const tickMs = Math.min(2_000, Math.max(250, Math.floor(intervalMs / 4)));
  const limiter = createLimiter(deps.concurrency);
  const inFlight = new Set<string>();
  const tasks = new Set<Promise<void>>();
  const stats = { captures: 0, stored: 0, failed: 0 };
  let abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let passing: Promise<void> = Promise.resolve();
  let lastPurge = 0;

  async function captureOne(s: { id: string; org_id: string }): Promise<void> {
    if (!running) return;
    const startedAt = clock.now();
    const lease = await repo.claimLease(
      db,
      { streamId: s.id, orgId: s.org_id },
      owner,
      startedAt,
      startedAt + deadline + 5_000,
      MAX_BACKOFF_MS + deadline + 5_000,
    );
    if (!lease) return;
    stats.captures++;
    try {
      const jpeg = await deps.capture(s.id, deadline, abort.signal);
      const size = jpegSize(jpeg);
      if (!size) throw new Error("ffmpeg's output is not a JPEG");
      const etag = `"${createHash("sha256").update(jpeg).digest("base64url").slice(0, 27)}"`;
      await repo.storeThumbnail(db, s.id, {
        jpeg,
        etag,
        takenAt: clock.now(),
        ...size,
        nextAt: startedAt + intervalMs,
      });
      stats.stored++;
    } catch (err) {
      stats.failed++;
      // Retried after an interval (the stream may just have started), then less and less often (the
      // playout server may be unreachable: no ffmpeg start per stream and interval); the last picture stays.
      const failures = lease.failures + 1;
      await repo
        .releaseLease(db, s.id, owner, clock.now() + retryDelay(intervalMs, failures), failures)
        .catch(() => undefined);
      if (running)
        log.warn(
          { err: { message: err instanceof Error ? err.message : String(err) }, streamId: s.id },
          "thumbnail capture failed",
        );
    }
  }

  async function pass(): Promise<void> {
    const now = clock.now();
    if (now - lastPurge >= PURGE_EVERY_MS) {
      lastPurge = now;
      await repo.purgeDeleted(db);
    }
    const room = deps.concurrency * 2 - limiter.busy;
    if (room <= 0) return;
    for (const s of await repo.dueLiveStreams(db, now, room + inFlight.size)) {
      if (!running || inFlight.has(s.id) || !hasPackage(s, "liveProcessing.thumbnail")) continue;
      inFlight.add(s.id);
      const t = limiter
        .run(() => captureOne(s))
        .catch((err: unknown) =>
          log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, "thumbnail lease failed"),
        )
        .finally(() => {
          inFlight.delete(s.id);
          tasks.delete(t);
        });
      tasks.add(t);
    }
  }

  function schedule(): void {
    if (!running) return;
    timer = setTimeout(() => {
      passing = pass()
        .catch((err: unknown) =>
          log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, "thumbnail pass failed"),
        )
        .finally(schedule);
    }, tickMs);
    timer.unref();
  }

  return {
    start(): void {
      // ORGDECK_THUMBNAIL_CONCURRENCY=0: this instance takes no captures (others do).
      if (running || deps.concurrency === 0) return;
      running = true;
      abort = new AbortController();
      schedule();
    },
    /** Stops passes, kills running captures and waits for them to give their leases back. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      abort.abort();
      await passing;
      await Promise.all([...tasks]);
    },
    /** This instance's captures (ffmpeg runs), stored pictures and failures since it was built. */
    stats: () => ({ ...stats }),
  };
}
export type ThumbnailScheduler = ReturnType<typeof createThumbnailScheduler>;
