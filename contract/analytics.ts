import { z } from "zod";
import { isoDate, uuid } from "./common.js";
import { ANALYTICS_LEVELS } from "./organisation.js";
import { GRANULARITIES, GROUP_BYS } from "./analytics-levels.js";

export * from "./analytics-levels.js";

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
