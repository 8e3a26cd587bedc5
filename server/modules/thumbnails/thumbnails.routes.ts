import { z } from "zod";
import { idInput } from "../../../contract/common.js";
import type { RouteDoc } from "../../platform/openapi.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { ThumbnailsService } from "./thumbnails.service.js";

const idParams = z.object({ id: idInput }).strict();

const headers = {
  ETag: { description: "The picture's strong validator; send it back in If-None-Match", schema: { type: "string" } },
  "Last-Modified": { description: "When the picture was taken", schema: { type: "string" } },
  "Cache-Control": {
    description: "private, max-age=<ORGDECK_THUMBNAIL_INTERVAL in seconds>: a newer picture may exist after that",
    schema: { type: "string" },
  },
};
const DOC: RouteDoc = {
  responses: {
    200: {
      description: "The latest thumbnail: a JPEG at most 640 px wide",
      content: { "image/jpeg": { schema: { type: "string", format: "binary" } } },
      headers,
    },
    304: { description: "The picture the client has (If-None-Match) is still the latest", headers },
  },
  // 403 package_required without Live Processing's thumbnail feature; 404 no_thumbnail before the first.
  errors: [403, 404],
};

/** If-None-Match as RFC 9110 compares it for GET: weak comparison, `*`, a list. */
function matches(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const tags = [ifNoneMatch].flat().join(",").split(",");
  return tags.some((t) => {
    const v = t.trim();
    return v === "*" || v.replace(/^W\//, "") === etag;
  });
}

export function thumbnailsRoutes(thumbnails: ThumbnailsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/stream/:id/thumbnail",
      schema: {
        tags: ["stream"],
        summary:
          "The stream's latest thumbnail (JPEG; Live Processing thumbnail feature), taken every ORGDECK_THUMBNAIL_INTERVAL while it is live and kept after it ends",
        params: idParams,
      },
      access: { permissions: ["StreamWithId.GetStream"] },
      namesObject: true,
      openapi: DOC,
      handler: async (req, actor, reply) => {
        const t = await thumbnails.latest(actor, req.params.id);
        reply
          .header("cache-control", `private, max-age=${t.maxAgeSeconds}`)
          .header("etag", t.etag)
          .header("last-modified", new Date(t.takenAt).toUTCString());
        if (matches(req.headers["if-none-match"], t.etag)) return reply.code(304).send();
        return reply.type("image/jpeg").send(t.jpeg);
      },
    }),
  ];
}
