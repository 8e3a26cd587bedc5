import { z } from "zod";
import { errorResponse } from "../../contract/errors.js";
import { defineRoute, type RouteDefinition } from "./route-table.js";

const tags = ["operations"];
const healthResponse = z.object({ status: z.literal("ok") });
const readyResponse = z.object({ status: z.literal("ready") });
const notReadyResponse = z.object({ status: z.literal("unavailable"), error: errorResponse.shape.error });

/** Liveness, readiness and the OpenAPI document itself: no credential, described like any route. */
export function operationalRoutes(deps: {
  pingDatabase: () => Promise<void>;
  document: () => unknown;
}): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/healthz",
      schema: { tags, summary: "Liveness: the process answers", response: { 200: healthResponse } },
      access: null,
      handler: async () => ({ status: "ok" as const }),
    }),
    defineRoute({
      method: "GET",
      url: "/readyz",
      schema: {
        tags,
        summary: "Readiness: the database answers; 503 while it does not",
        response: { 200: readyResponse, 503: notReadyResponse },
      },
      access: null,
      handler: async (_req, _actor, reply) => {
        try {
          await deps.pingDatabase();
          return { status: "ready" as const };
        } catch {
          return reply.code(503).send({
            status: "unavailable" as const,
            error: { code: "unavailable" as const, message: "database unreachable" },
          });
        }
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/docs",
      schema: { tags, summary: "This OpenAPI document" },
      access: { public: true },
      openapi: {
        responses: {
          200: {
            description: "The OpenAPI 3.0 document of this server",
            content: { "application/json": { schema: { type: "object", additionalProperties: true } } },
          },
        },
      },
      handler: async () => deps.document(),
    }),
  ];
}
