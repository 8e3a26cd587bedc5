import { z } from "zod";
import { isoDate, uuid } from "./common.js";
import { ANALYTICS_LEVELS, type AnalyticsLevel } from "./organisation.js";

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
  return ANALYTICS_LEVELS.find((l) => ok(LEVEL_RULES[l])) ?? null;
}

/** Most points one usage answer may hold (minute granularity over 48 h is 2 880; hours over 13 months 9 480). */
export const USAGE_POINTS_MAX = 10_000;
/** Groups (streams or tags) one answer lists, the busiest first. */
export const USAGE_GROUPS_MAX = 20;

export const usageQuery = z
  .object({
    from: isoDate
      .optional()
      .describe("Start (inclusive, rounded down to the granularity); default: 24 h (basic: 7 days) before `to`"),
    to: isoDate.optional().describe("End (exclusive); default now"),
    granularity: z
      .enum(GRANULARITIES)
      .optional()
      .describe("Bucket size; default day, or hour for ranges of 48 h or less"),
    groupBy: z.enum(GROUP_BYS).optional().describe("Also list the busiest streams or tags (top 20 by viewer minutes)"),
    stream: uuid.optional().describe("Only this stream"),
    tag: z.string().min(1).max(64).optional().describe("Only streams with this tag (when the usage was collected)"),
  })
  .strict();
export type UsageQuery = z.infer<typeof usageQuery>;

export const usagePoint = z.object({
  t: isoDate.describe("Start of the bucket (UTC)"),
  publishedMinutes: z.number().int().describe("Minutes a stream was live (a stream live through a minute counts 1)"),
  viewerMinutes: z.number().int().describe("Minutes watched: each viewer counts once per minute"),
  peakViewers: z.number().int().describe("Most concurrent viewers at one minute's sample"),
  viewers: z
    .number()
    .int()
    .describe("Distinct viewers (client address, or token subject) per stream, added up over streams"),
  bytesOut: z.number().int().describe("Bytes sent by the media servers (0 where they report none)"),
});
export type UsagePoint = z.infer<typeof usagePoint>;

export const usageTotals = usagePoint.omit({ t: true });
export type UsageTotals = z.infer<typeof usageTotals>;

export const usageGroup = z.object({
  key: z.string().describe("Stream id or tag name"),
  name: z.string().describe("Stream name or tag name"),
  totals: usageTotals,
});
export type UsageGroup = z.infer<typeof usageGroup>;

export const usageResponse = z.object({
  level: z.enum(ANALYTICS_LEVELS),
  granularity: z.enum(GRANULARITIES),
  from: isoDate,
  to: isoDate,
  series: z.array(usagePoint),
  totals: usageTotals.describe("Sums over the range; peakViewers and viewers are the largest of one bucket"),
  groups: z.array(usageGroup).optional(),
});
export type UsageResponse = z.infer<typeof usageResponse>;

export const liveAnalyticsResponse = z.object({
  liveStreams: z.number().int(),
  viewers: z.number().int().describe("RTMP players and HLS viewers seen in the last 30 s"),
  byNode: z.array(z.object({ node: z.string(), liveStreams: z.number().int(), viewers: z.number().int() })),
  top: z.array(z.object({ streamId: uuid, name: z.string(), viewers: z.number().int() })),
});
export type LiveAnalyticsResponse = z.infer<typeof liveAnalyticsResponse>;

export const CSV_COLUMNS = ["t", "publishedMinutes", "viewerMinutes", "peakViewers", "viewers", "bytesOut"] as const;
