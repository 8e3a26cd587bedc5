import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../contract/errors.js";

const tags = ["operations"];
const healthResponse = z.object({ status: z.literal("ok") });
const readyResponse = z.object({ status: z.literal("ready") });
const notReadyResponse = z.object({ status: z.literal("unavailable"), error: errorResponse.shape.error });

/** Liveness, readiness and the OpenAPI document itself: no credential, described like any route. */
export function registerOperationalRoutes(app: FastifyInstance, pingDatabase: () => Promise<void>): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get("/healthz", { schema: { tags, summary: "Liveness: the process answers", response: { 200: healthResponse } } }, async () => ({ status: "ok" as const }));
  r.get(
    "/readyz",
    { schema: { tags, summary: "Readiness: the database answers; 503 while it does not", response: { 200: readyResponse, 503: notReadyResponse } } },
    async (_req, reply) => {
      try {
        await pingDatabase();
        return { status: "ready" as const };
      } catch {
        return reply.code(503).send({ status: "unavailable" as const, error: { code: "unavailable" as const, message: "database unreachable" } });
      }
    },
  );
  r.get(
    "/api/docs",
    {
      schema: { tags, summary: "This OpenAPI document" },
      config: {
        access: { public: true },
        openapi: { responses: { 200: { description: "The OpenAPI 3.0 document of this server", content: { "application/json": { schema: { type: "object", additionalProperties: true } } } } } },
      },
    },
    async () => app.swagger(),
  );
}
