import {
  CSV_COLUMNS,
  DAY_MS,
  HOUR_MS,
  LEVEL_RULES,
  levelNeeded,
  MINUTE_MS,
  MINUTE_REACH_MS,
  USAGE_GROUPS_MAX,
  USAGE_POINTS_MAX,
  type Granularity,
  type LiveAnalyticsResponse,
  type UsagePoint,
  type UsageQuery,
  type UsageResponse,
  type UsageTotals,
} from "../../../contract/analytics.js";
import { ANALYTICS_LEVELS, type AnalyticsLevel } from "../../../contract/organisation.js";
import type { Actor } from "../../platform/actor.js";
import { toIso } from "../../platform/clock.js";
import { SILENT, type CoreDeps } from "../../platform/deps.js";
import { AppError, badRequest, notFound } from "../../platform/errors.js";
import { HLS_VIEWER_WINDOW_MS } from "../streams/streams.service.js";
import {
  analyticsLevelOf,
  findStreamOf,
  hlsCounts,
  liveStreamsOf,
  readGroups,
  readSeries,
  streamNames,
  sweepUsage,
  tagKnown,
  type UsageTable,
} from "./analytics.repo.js";
import { createUsageCollector } from "./collector.js";

const UNIT: Record<Granularity, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };
const TABLE: Record<Granularity, UsageTable> = { minute: "usage_minutes", hour: "usage_hours", day: "usage_days" };
/** How often every instance tries to sample the current minute (the first to claim it does). */
const COLLECT_EVERY_MS = 15_000;
/** How often every instance deletes what no level may read (idempotent, so no coordination). */
const SWEEP_EVERY_MS = 10 * MINUTE_MS;
/** Viewers listed in `top` of the live answer. */
const LIVE_TOP = 10;

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;

/** 403 analytics_level: what the organisation's level does not include, and the level that does. */
export function levelRefusal(what: string, needed: AnalyticsLevel): AppError {
  return new AppError(
    403,
    "analytics_level",
    `${what} needs the ${LEVEL_RULES[needed].label} analytics level (analyticsLevel: ${needed}); ask the operator to raise it`,
  );
}

/** The oldest bucket start a level may read and keeps: the UTC day its reach falls in. */
export const reachStart = (level: AnalyticsLevel, now: number) => floorTo(now - LEVEL_RULES[level].reachMs, DAY_MS);

function emptyTotals(): UsageTotals {
  return { publishedMinutes: 0, viewerMinutes: 0, peakViewers: 0, viewers: 0, bytesOut: 0 };
}

type Row = {
  published_minutes: number | string;
  viewer_minutes: number | string;
  peak_viewers: number | string;
  viewers: number | string;
  bytes_out: number | string;
};
const totalsOf = (r: Row): UsageTotals => ({
  publishedMinutes: Number(r.published_minutes),
  viewerMinutes: Number(r.viewer_minutes),
  peakViewers: Number(r.peak_viewers),
  viewers: Number(r.viewers),
  bytesOut: Number(r.bytes_out),
});

export function createAnalyticsService(deps: Pick<CoreDeps, "db" | "clock" | "log">) {
  const { db, clock } = deps;
  const log = deps.log ?? SILENT;
  const collector = createUsageCollector(db, clock, log);
  let timers: NodeJS.Timeout[] = [];

  async function levelOf(actor: Actor): Promise<AnalyticsLevel> {
    const raw = actor.org?.analytics_level ?? (await analyticsLevelOf(db, actor.orgId))?.analytics_level;
    return (ANALYTICS_LEVELS as readonly string[]).includes(raw ?? "") ? (raw as AnalyticsLevel) : "basic";
  }

  function parseTime(field: string, value: string | undefined, fallback: number): number {
    if (value === undefined) return fallback;
    const t = Date.parse(value);
    if (!Number.isFinite(t)) throw badRequest(`${field}: not a valid ISO 8601 time`);
    return t;
  }

  function sweep(): Promise<void> {
    const now = clock.now();
    return sweepUsage(db, {
      minutes: floorTo(now - MINUTE_REACH_MS, MINUTE_MS),
      viewers: floorTo(now - 2 * DAY_MS, HOUR_MS),
      byLevel: ANALYTICS_LEVELS.map((level) => ({ level, before: reachStart(level, now) })),
    });
  }

  return {
    /** Handed to the ingest module: the viewers it authorises. */
    sink: collector.sink,
    /** Samples the current minute (when no other instance has); the timer calls it, tests call it directly. */
    collect: collector.collect,
    /** Deletes rows past every level's reach (the timer calls it every 10 minutes). */
    sweep,

    /** Starts the collection and retention timers (serving instances; main.ts). */
    start(): void {
      if (timers.length > 0) return;
      const every = (ms: number, task: () => Promise<unknown>, what: string) => {
        let running = false;
        const timer = setInterval(() => {
          if (running) return;
          running = true;
          task()
            .catch((err: unknown) =>
              log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, what),
            )
            .finally(() => (running = false));
        }, ms);
        timer.unref();
        return timer;
      };
      timers = [
        every(COLLECT_EVERY_MS, collector.collect, "usage collection failed"),
        every(SWEEP_EVERY_MS, sweep, "usage retention sweep failed"),
      ];
    },
    async stop(): Promise<void> {
      timers.forEach(clearInterval);
      timers = [];
      await collector.flushViewers();
    },

    /** Live now: streams, viewers, per media server node, the most watched. Every level. */
    async live(actor: Actor): Promise<LiveAnalyticsResponse> {
      const live = await liveStreamsOf(db, actor.orgId);
      const hls = await hlsCounts(
        db,
        live.map((l) => l.stream_id),
        clock.now() - HLS_VIEWER_WINDOW_MS,
      );
      const rows = live.map((l) => ({ ...l, total: l.viewers + (hls.get(l.stream_id) ?? 0) }));
      const nodes = new Map<string, { node: string; liveStreams: number; viewers: number }>();
      for (const r of rows) {
        const node = r.node ?? "unknown";
        const n = nodes.get(node) ?? { node, liveStreams: 0, viewers: 0 };
        n.liveStreams += 1;
        n.viewers += r.total;
        nodes.set(node, n);
      }
      return {
        liveStreams: rows.length,
        viewers: rows.reduce((a, r) => a + r.total, 0),
        byNode: [...nodes.values()].sort((a, b) => (a.node < b.node ? -1 : 1)),
        top: rows
          .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1))
          .slice(0, LIVE_TOP)
          .map((r) => ({ streamId: r.stream_id, name: r.name, viewers: r.total })),
      };
    },

    /** Usage over a range at the organisation's level; `csv` answers the series as CSV (premium). */
    async usage(actor: Actor, q: UsageQuery, csv: boolean): Promise<UsageResponse | string> {
      const level = await levelOf(actor);
      const rules = LEVEL_RULES[level];
      const now = clock.now();
      const to = parseTime("to", q.to, now);
      const from = parseTime("from", q.from, to - (level === "basic" ? 7 * DAY_MS : DAY_MS));
      if (from >= to) throw badRequest("from: must be before to");
      const granularity: Granularity = q.granularity ?? (level !== "basic" && to - from <= 2 * DAY_MS ? "hour" : "day");
      const groupBy = q.groupBy ?? "none";

      // What the level allows, refused with the level that would allow it.
      if (csv && !rules.csv)
        throw levelRefusal(
          "CSV export",
          levelNeeded((r) => r.csv)!,
        );
      if (!rules.granularities.includes(granularity))
        throw levelRefusal(
          `granularity ${granularity}`,
          levelNeeded((r) => r.granularities.includes(granularity))!,
        );
      if (!rules.breakdowns && (groupBy !== "none" || q.stream !== undefined || q.tag !== undefined))
        throw levelRefusal(
          groupBy !== "none" ? `groupBy ${groupBy}` : q.stream !== undefined ? "Usage per stream" : "Usage per tag",
          levelNeeded((r) => r.breakdowns)!,
        );
      const oldest = granularity === "minute" ? floorTo(now - MINUTE_REACH_MS, MINUTE_MS) : reachStart(level, now);
      const unit = UNIT[granularity];
      const start = floorTo(from, unit);
      if (start < oldest) {
        if (granularity === "minute") throw badRequest("from: minute usage reaches back 48 hours");
        const needed = levelNeeded((r) => floorTo(now - r.reachMs, DAY_MS) <= start);
        if (!needed) throw badRequest(`from: usage reaches back ${LEVEL_RULES.premium.reachLabel} at most`);
        throw levelRefusal(`Usage from ${toIso(start)}`, needed);
      }
      if (to > now + DAY_MS) throw badRequest("to: must not be more than a day ahead");
      const points = Math.ceil((to - start) / unit);
      if (points > USAGE_POINTS_MAX)
        throw badRequest(
          `from: ${points} ${granularity}s is too many points (at most ${USAGE_POINTS_MAX}); choose a coarser granularity`,
        );
      if (groupBy !== "none" && (q.stream !== undefined || q.tag !== undefined))
        throw badRequest("groupBy: only without stream and tag (it lists the busiest of the organisation)");
      if (q.stream !== undefined && q.tag !== undefined) throw badRequest("tag: give either stream or tag, not both");

      let scope: "o" | "s" | "t" = "o";
      let key = "";
      if (q.stream !== undefined) {
        if (!(await findStreamOf(db, actor.orgId, q.stream))) throw notFound("Stream");
        scope = "s";
        key = q.stream;
      } else if (q.tag !== undefined) {
        if (!(await tagKnown(db, actor.orgId, q.tag))) throw notFound("Tag");
        scope = "t";
        key = q.tag;
      }

      const table = TABLE[granularity];
      const rows = await readSeries(db, table, actor.orgId, scope, key, start, to);
      const byT = new Map(rows.map((r) => [Number(r.t), r]));
      const series: UsagePoint[] = [];
      const totals = emptyTotals();
      for (let t = start; t < to; t += unit) {
        const r = byT.get(t);
        const p = r ? totalsOf(r) : emptyTotals();
        series.push({ t: toIso(t), ...p });
        totals.publishedMinutes += p.publishedMinutes;
        totals.viewerMinutes += p.viewerMinutes;
        totals.bytesOut += p.bytesOut;
        totals.peakViewers = Math.max(totals.peakViewers, p.peakViewers);
        totals.viewers = Math.max(totals.viewers, p.viewers);
      }
      if (csv) return toCsv(series);

      const answer: UsageResponse = {
        level,
        granularity,
        from: toIso(start),
        to: toIso(to),
        series,
        totals,
      };
      if (groupBy !== "none") {
        const groups = await readGroups(
          db,
          table,
          actor.orgId,
          groupBy === "stream" ? "s" : "t",
          start,
          to,
          USAGE_GROUPS_MAX,
        );
        const names =
          groupBy === "stream"
            ? await streamNames(
                db,
                actor.orgId,
                groups.map((g) => g.key),
              )
            : new Map<string, string>();
        answer.groups = groups.map((g) => ({ key: g.key, name: names.get(g.key) ?? g.key, totals: totalsOf(g) }));
      }
      return answer;
    },
  };
}
export type AnalyticsService = ReturnType<typeof createAnalyticsService>;

/** RFC 4180 CSV of a series: a header line, then one line per bucket (CRLF). */
export function toCsv(series: readonly UsagePoint[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const p of series) lines.push(CSV_COLUMNS.map((c) => String(p[c])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
