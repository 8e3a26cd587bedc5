import path from "node:path";
import send from "@fastify/send";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idInput, okResponse } from "../../../contract/common.js";
import { publicStreamResponse, vodListQuery, vodListResponse } from "../../../contract/vod.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { RouteDoc } from "../../platform/openapi.js";
import type { VodService } from "./vod.service.js";

const idParams = z.object({ id: idInput }).strict();
const fileParams = z.object({ orgHash: z.string().max(16), file: z.string().max(64) }).strict();

const mp4 = { "video/mp4": { schema: { type: "string", format: "binary" } } };
const fileHeaders = {
  ETag: { description: "The file's version; send it back in If-None-Match or If-Range", schema: { type: "string" } },
  "Last-Modified": { description: "When the file last changed", schema: { type: "string" } },
  "Accept-Ranges": { description: "Always bytes", schema: { type: "string", enum: ["bytes"] } },
};
/** The file answers as @fastify/send gives them (RFC 9110 ranges and conditional requests). */
const FILE_DOC: RouteDoc = {
  responses: {
    200: { description: "The whole recording (also for several ranges or an unknown range unit)", content: mp4, headers: fileHeaders },
    206: { description: "The one requested byte range", content: mp4, headers: { ...fileHeaders, "Content-Range": { description: "bytes first-last/size", schema: { type: "string" } } } },
    304: { description: "Not modified since the ETag or date the client sent", headers: fileHeaders },
    416: { description: "The range cannot be satisfied", headers: { "Content-Range": { description: "bytes */size", schema: { type: "string" } } } },
  },
};

export function vodRoutes(app: FastifyInstance, vods: VodService, orgs: OrganisationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/vod",
    { schema: { tags: ["vod"], summary: "The organisation's recordings", querystring: vodListQuery, response: { 200: vodListResponse } }, config: { access: { permissions: ["Stream.GetStreams"] } } },
    async (req) => {
      const org = await orgs.get(req.actor!);
      return vods.list(req.actor!, req.query, { hash: org.hash, vodPublic: org.vodPublic });
    },
  );
  r.delete(
    "/api/vod/:id",
    { schema: { tags: ["vod"], summary: "Delete a recording and its file", params: idParams, response: { 200: okResponse } }, config: { access: { permissions: ["StreamWithId.Delete"] } } },
    async (req) => {
      const { hash } = await orgs.identity(req.actor!);
      await vods.remove(req.actor!, req.params.id, hash);
      return { ok: true as const };
    },
  );
  r.get(
    "/api/public/stream/:id",
    { schema: { tags: ["vod"], summary: "Public stream information; VOD entries only while VODs are public", params: idParams, response: { 200: publicStreamResponse } }, config: { access: { public: true } } },
    async (req, reply) => {
      // Public, credential-free data: a customer's own site may read it from the browser.
      reply.header("cache-control", "no-store").header("access-control-allow-origin", "*").header("cross-origin-resource-policy", "cross-origin");
      return vods.publicStream(req.params.id);
    },
  );

  r.route({
    method: ["GET", "HEAD"],
    url: "/vod/:orgHash/:file",
    schema: { tags: ["vod"], summary: "A recording's MP4, with range requests; public only while the organisation's VODs are public", params: fileParams },
    config: { access: { public: true }, openapi: FILE_DOC },
    handler: async (req, reply) => {
      const file = await vods.fileFor(req.params.orgHash, req.params.file, req.actor);
      // HTTP ranges, If-Range, ETag/Last-Modified and conditional GET as RFC 9110 has them, by @fastify/send:
      // one range → 206, several or an unknown unit → 200 with the whole file, unsatisfiable → 416.
      const sent = await send(req.raw, `/${encodeURIComponent(path.basename(file.path))}`, { root: path.dirname(file.path), cacheControl: false, dotfiles: "deny", index: false });
      reply.code(sent.statusCode).headers(sent.headers);
      // Never cached by shared caches: switching VODs to private must bite on the very next request.
      reply.header("cache-control", "private, no-store");
      if (sent.statusCode < 400) reply.type("video/mp4");
      // A public recording may be embedded in a <video> on the customer's own site.
      if (!req.actor) reply.header("cross-origin-resource-policy", "cross-origin");
      return reply.send(sent.stream);
    },
  });
}
