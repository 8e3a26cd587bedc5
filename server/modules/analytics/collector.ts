import { createHash } from "node:crypto";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../contract/analytics.js";
import type { Db } from "../../db/handle.js";
import type { Clock } from "../../platform/clock.js";
import type { ServiceLogger } from "../../platform/deps.js";
import { HLS_VIEWER_WINDOW_MS } from "../streams/streams.service.js";
import {
  addUsage,
  claimMinute,
  distinctViewers,
  hlsCounts,
  insertViewers,
  lastMarks,
  liveStreams,
  storedViewers,
  tagsOfStreams,
  type UsageRow,
} from "./analytics.repo.js";

/** Viewer sightings are written this often (and before every sample). */
export const VIEWER_FLUSH_MS = 10_000;
/** Bounds this instance's memory of viewers noted in the current hour. */
const MAX_NOTED = 500_000;
/** A stream's previous byte counter is looked for this far back. */
const MARK_LOOKBACK_MS = 10 * MINUTE_MS;

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/** What the ingest module hands over: a viewer of a stream (token subject or client address). */
export interface UsageSink {
  viewer(stream: { id: string; org_id: string }, who: string): void;
}

/**
 * Per-minute usage. Every instance notes the viewers it authorises (a digest per stream and hour,
 * written in batches, `insert … on conflict do nothing`, so instances share one set). Once a minute the
 * first instance to claim that minute (`usage_claims`) samples every live stream — published, its RTMP
 * players (stream_live, corrected by /stat) plus its HLS viewers, the media server's byte counter — and
 * adds the sample to the minute, hour and day rows of the stream, its tags and its organisation in a
 * few multi-row statements. One claim per minute means one write per row per minute whatever the number
 * of instances, and nothing is counted twice; the cost follows the live streams, not the catalogue.
 */
export function createUsageCollector(db: Db, clock: Clock, log: ServiceLogger) {
  const pending = new Map<string, { stream_id: string; hour: number; viewer: string; org_id: string }>();
  const noted = new Set<string>();
  let notedHour = 0;
  let flushing: Promise<void> = Promise.resolve();

  const sink: UsageSink = {
    viewer(stream, who) {
      const hour = floorTo(clock.now(), HOUR_MS);
      if (hour !== notedHour) {
        noted.clear();
        notedHour = hour;
      }
      const viewer = createHash("sha256").update(who).digest("base64url").slice(0, 22);
      const key = `${stream.id}|${viewer}`;
      if (noted.has(key) || noted.size >= MAX_NOTED) return;
      noted.add(key);
      pending.set(`${hour}|${key}`, { stream_id: stream.id, hour, viewer, org_id: stream.org_id });
    },
  };

  function flushViewers(): Promise<void> {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const rows = [...pending.values()].sort((a, b) =>
        a.stream_id !== b.stream_id ? (a.stream_id < b.stream_id ? -1 : 1) : a.viewer < b.viewer ? -1 : 1,
      );
      pending.clear();
      try {
        await insertViewers(db, rows);
      } catch (err) {
        // Distinct counts only: forget them so they are noted again at the viewer's next request.
        for (const r of rows) noted.delete(`${r.stream_id}|${r.viewer}`);
        log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, "usage viewers not written");
      }
    });
    return flushing;
  }

  /** Samples the current minute unless another instance has; true when this instance wrote it. */
  async function collect(): Promise<boolean> {
    await flushViewers();
    const now = clock.now();
    const minute = floorTo(now, MINUTE_MS);
    if (!(await claimMinute(db, minute, now))) return false;
    const live = await liveStreams(db);
    if (live.length === 0) return true;
    const ids = live.map((l) => l.stream_id);
    const hour = floorTo(minute, HOUR_MS);
    const day = floorTo(minute, DAY_MS);
    const [hls, tags, marks, distinct, oldHour, oldDay] = await Promise.all([
      hlsCounts(db, ids, now - HLS_VIEWER_WINDOW_MS),
      tagsOfStreams(db, ids),
      lastMarks(db, ids, minute - MARK_LOOKBACK_MS, minute),
      distinctViewers(db, ids, hour, day),
      storedViewers(db, "usage_hours", ids, hour),
      storedViewers(db, "usage_days", ids, day),
    ]);

    const minutes: Array<UsageRow & { session_since?: number | null; bytes_mark?: number | null }> = [];
    const hours: UsageRow[] = [];
    const days: UsageRow[] = [];
    // Organisation and tag rows add up their streams' samples (and increments of distinct viewers).
    const sums = new Map<string, { m: UsageRow; h: UsageRow; d: UsageRow }>();
    const sumFor = (orgId: string, scope: "o" | "t", key: string) => {
      const id = `${orgId}|${scope}|${key}`;
      let s = sums.get(id);
      if (!s) {
        const zero = (t: number): UsageRow => ({
          org_id: orgId,
          scope,
          key,
          t,
          published_minutes: 0,
          viewer_minutes: 0,
          peak_viewers: 0,
          viewers: 0,
          bytes_out: 0,
        });
        s = { m: zero(minute), h: zero(hour), d: zero(day) };
        sums.set(id, s);
      }
      return s;
    };

    for (const l of live) {
      const v = l.viewers + (hls.get(l.stream_id) ?? 0);
      const prev = marks.get(l.stream_id);
      let bytes = 0;
      if (l.bytes_out !== null) {
        if (prev && prev.session_since === l.since && prev.bytes_mark !== null)
          bytes = Math.max(0, l.bytes_out - prev.bytes_mark);
        else if (l.since >= minute - MARK_LOOKBACK_MS) bytes = l.bytes_out; // a new session: all it sent so far
      }
      // Distinct viewers from the shared sets; only where none were noted (players /stat counted on a node
      // whose callbacks went elsewhere) the concurrent count stands in. One address playing twice is one.
      const seenHour = distinct.hour.get(l.stream_id) ?? 0;
      const seenDay = distinct.day.get(l.stream_id) ?? 0;
      const hourViewers = seenHour > 0 ? seenHour : v;
      const dayViewers = seenDay > 0 ? seenDay : hourViewers;
      const addH = Math.max(0, hourViewers - (oldHour.get(l.stream_id) ?? 0));
      const addD = Math.max(0, dayViewers - (oldDay.get(l.stream_id) ?? 0));
      const base = {
        org_id: l.org_id,
        scope: "s" as const,
        key: l.stream_id,
        published_minutes: 1,
        viewer_minutes: v,
        peak_viewers: v,
        bytes_out: bytes,
      };
      minutes.push({ ...base, t: minute, viewers: v, session_since: l.since, bytes_mark: l.bytes_out });
      hours.push({ ...base, t: hour, viewers: hourViewers });
      days.push({ ...base, t: day, viewers: dayViewers });
      for (const [scope, key] of [["o", ""] as const, ...(tags.get(l.stream_id) ?? []).map((t) => ["t", t] as const)]) {
        const s = sumFor(l.org_id, scope, key);
        for (const [row, add] of [
          [s.m, v],
          [s.h, addH],
          [s.d, addD],
        ] as const) {
          row.published_minutes += 1;
          row.viewer_minutes += v;
          row.peak_viewers += v; // concurrent viewers of the scope at this minute
          row.viewers += add;
          row.bytes_out += bytes;
        }
      }
    }
    const sumRows = [...sums.values()];
    await addUsage(db, "usage_minutes", [...minutes, ...sumRows.map((s) => s.m)], "add");
    await addUsage(db, "usage_hours", hours, "max");
    await addUsage(
      db,
      "usage_hours",
      sumRows.map((s) => s.h),
      "add",
    );
    await addUsage(db, "usage_days", days, "max");
    await addUsage(
      db,
      "usage_days",
      sumRows.map((s) => s.d),
      "add",
    );
    return true;
  }

  return { sink, collect, flushViewers };
}
export type UsageCollector = ReturnType<typeof createUsageCollector>;
