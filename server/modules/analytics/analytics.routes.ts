import { z } from "zod";
import { liveAnalyticsResponse, usageQuery, usageResponse } from "../../../contract/analytics.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { AnalyticsService } from "./analytics.service.js";

/** Whether the client asks for CSV before JSON (`Accept: text/csv`). */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(",").map((p) => p.split(";")[0]!.trim().toLowerCase());
  const csv = types.indexOf("text/csv");
  const json = types.findIndex((t) => t === "application/json" || t === "*/*");
  return csv !== -1 && (json === -1 || csv < json);
}

export function analyticsRoutes(analytics: AnalyticsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/analytics/live",
      schema: {
        tags: ["analytics"],
        summary: "Live now: streams, viewers, per media server node, the most watched streams",
        response: { 200: liveAnalyticsResponse },
      },
      access: { permissions: ["Analytics.Get"] },
      handler: async (_req, actor) => analytics.live(actor),
    }),
    defineRoute({
      method: "GET",
      url: "/api/analytics/usage",
      schema: {
        tags: ["analytics"],
        summary:
          "Usage over time (published and viewer minutes, peak and distinct viewers, bytes), zero-filled, within the analytics level",
        description:
          "basic: daily totals of the organisation, last 7 days. full: hourly and daily, per stream and per tag, last 90 days. " +
          "premium: also per minute for the last 48 hours, last 13 months, and `Accept: text/csv`. " +
          "A request beyond the level is 403 analytics_level naming the level needed.",
        querystring: usageQuery,
        response: { 200: usageResponse },
      },
      access: { permissions: ["Analytics.Get"] },
      namesObject: true,
      openapi: {
        responses: {
          200: {
            description: "The usage (JSON), or with `Accept: text/csv` (premium) the series as CSV",
            content: {
              "application/json": { schema: z.toJSONSchema(usageResponse, { target: "openapi-3.0" }) as never },
              "text/csv": { schema: { type: "string" } },
            },
          },
        },
      },
      handler: async (req, actor, reply) => {
        const csv = wantsCsv(req.headers.accept);
        const answer = await analytics.usage(actor, req.query, csv);
        if (typeof answer === "string") {
          void reply
            .type("text/csv; charset=utf-8")
            .header("content-disposition", 'attachment; filename="usage.csv"')
            .header("vary", "Accept");
          return answer as never;
        }
        void reply.header("vary", "Accept");
        return answer;
      },
    }),
  ];
}
