import { z } from "zod";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { EmbedService } from "./embed.service.js";

const tags = ["stream"];
const html = { "text/html": { schema: { type: "string" as const } } };

/**
 * The embeddable player. Outside /api and reading no credential (`access: null`): the page is the same
 * for every visitor, and its `?token=` is a playback token for the playout server, not an API credential.
 */
export function embedRoutes(embed: EmbedService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/embed/:streamId",
      schema: {
        tags,
        summary: "A full-window player for the stream, meant for an iframe on any site (the stream's playout.embed)",
        params: z.object({ streamId: z.string().max(100) }),
        querystring: z.object({
          token: z.string().max(4096).optional().describe("A playback token, carried to the playout server"),
        }),
      },
      access: null,
      cache: "no-store",
      openapi: {
        errors: [503],
        responses: {
          200: {
            description: "The player page (it plays `playout.hls`, with the page's own `?token=`)",
            content: html,
          },
          404: { description: "No stream viewers can be shown under this id", content: html },
        },
      },
      handler: async (req, _actor, reply) => {
        const page = await embed.page(req.params.streamId, {
          token: req.query.token,
          referer: typeof req.headers.referer === "string" ? req.headers.referer : undefined,
          ip: req.ip,
        });
        reply.removeHeader("x-frame-options");
        return reply.code(page.status).headers(embed.headers).type("text/html; charset=utf-8").send(page.html);
      },
    }),
    defineRoute({
      method: "GET",
      url: "/embed/assets/:file",
      schema: { hide: true, params: z.object({ file: z.string().max(100) }) },
      access: null,
      handler: async (req, _actor, reply) => {
        const asset = embed.asset(req.params.file);
        if (!asset) return reply.code(404).type("text/plain; charset=utf-8").send("Not found");
        // Names carry a version or a content hash: a new deploy serves new names.
        return reply
          .header("cache-control", "public, max-age=31536000, immutable")
          .header("cross-origin-resource-policy", "cross-origin")
          .type(asset.type)
          .send(asset.body);
      },
    }),
  ];
}
