import { z } from "zod";
import { errorResponse } from "../../contract/errors.js";
import { defineRoute, type RouteDefinition } from "./route-table.js";
import { folderProblem } from "./writable-folder.js";

const tags = ["operations"];
const healthResponse = z.object({ status: z.literal("ok") });
const readyResponse = z.object({ status: z.literal("ready") });
const notReadyResponse = z.object({ status: z.literal("unavailable"), error: errorResponse.shape.error });

/** Liveness, readiness and the OpenAPI document itself: no credential, described like any route. */
export function operationalRoutes(deps: {
  pingDatabase: () => Promise<void>;
  document: () => unknown;
  /** ORGDECK_VOD_DIR when recordings are configured: remuxed files must be writable there. */
  vodDir?: string | undefined;
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
        summary:
          "Readiness: the database answers and, with recording configured, the VOD folder is writable; 503 naming what is not",
        response: { 200: readyResponse, 503: notReadyResponse },
      },
      access: null,
      handler: async (req, _actor, reply) => {
        const [database, folder] = await Promise.all([
          deps.pingDatabase().then(
            () => null,
            () => "database unreachable",
          ),
          deps.vodDir === undefined ? null : folderProblem(deps.vodDir),
        ]);
        // The answer is public: it names the setting, never the path (the log has that).
        if (folder) req.log.warn({ dir: deps.vodDir, code: folder.code }, "VOD folder is not writable");
        const problems = [database, folder && `VOD folder (ORGDECK_VOD_DIR) is not writable: ${folder.problem}`];
        const message = problems.filter((p): p is string => !!p).join("; ");
        if (!message) return { status: "ready" as const };
        return reply
          .code(503)
          .send({ status: "unavailable" as const, error: { code: "unavailable" as const, message } });
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
