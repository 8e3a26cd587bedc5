/**
 * The analytics levels' rules and the units of usage, without zod: the dashboard imports these, and
 * the schemas (analytics.ts) stay out of its bundle.
 */
import type { AnalyticsLevel } from "./organisation.js";

export const GRANULARITIES = ["minute", "hour", "day"] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const GROUP_BYS = ["none", "stream", "tag"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** How far back minute rows reach (premium only), whatever the level. */
export const MINUTE_REACH_MS = 48 * HOUR_MS;

/** What each analytics level may ask for: the one source for the server's gates and the dashboard. */
export const LEVEL_RULES: Record<
  AnalyticsLevel,
  {
    label: string;
    granularities: readonly Granularity[];
    /** groupBy other than none, and the stream / tag filters. */
    breakdowns: boolean;
    /** Oldest data kept and answered, back from now. */
    reachMs: number;
    reachLabel: string;
    csv: boolean;
  }
> = {
  basic: {
    label: "Basic",
    granularities: ["day"],
    breakdowns: false,
    reachMs: 7 * DAY_MS,
    reachLabel: "7 days",
    csv: false,
  },
  full: {
    label: "Full",
    granularities: ["hour", "day"],
    breakdowns: true,
    reachMs: 90 * DAY_MS,
    reachLabel: "90 days",
    csv: false,
  },
  premium: {
    label: "Premium",
    granularities: ["minute", "hour", "day"],
    breakdowns: true,
    reachMs: 395 * DAY_MS,
    reachLabel: "13 months",
    csv: true,
  },
};

/** The lowest level that allows what `ok` asks for. */
export function levelNeeded(ok: (rules: (typeof LEVEL_RULES)[AnalyticsLevel]) => boolean): AnalyticsLevel | null {
  return (Object.keys(LEVEL_RULES) as AnalyticsLevel[]).find((l) => ok(LEVEL_RULES[l])) ?? null;
}

/** Most points one usage answer may hold (minute granularity over 48 h is 2 880; hours over 13 months 9 480). */
export const USAGE_POINTS_MAX = 10_000;
/** Groups (streams or tags) one answer lists, the busiest first. */
export const USAGE_GROUPS_MAX = 20;

export const CSV_COLUMNS = ["t", "publishedMinutes", "viewerMinutes", "peakViewers", "viewers", "bytesOut"] as const;
