import type { IncomingMessage } from "node:http";
import path from "node:path";
import send from "@fastify/send";
import { z } from "zod";
import { idInput, okResponse } from "../../../contract/common.js";
import { publicStreamResponse, vodListQuery, vodListResponse } from "../../../contract/vod.js";
import type { RouteDoc } from "../../platform/openapi.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { CallerVodsService } from "./caller-vods.service.js";
import { fileRefusal } from "./file-refusal.js";
import { rangeApplies } from "./if-range.js";
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
    200: {
      description: "The whole recording (also for several ranges or an unknown range unit)",
      content: mp4,
      headers: fileHeaders,
    },
    206: {
      description: "The one requested byte range",
      content: mp4,
      headers: {
        ...fileHeaders,
        "Content-Range": { description: "bytes first-last/size", schema: { type: "string" } },
      },
    },
    304: { description: "Not modified since the ETag or date the client sent", headers: fileHeaders },
  },
  errors: [412, 416],
};

export function vodRoutes(vods: VodService, callerVods: CallerVodsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/vod",
      schema: {
        tags: ["vod"],
        summary: "The organisation's recordings",
        querystring: vodListQuery,
        response: { 200: vodListResponse },
      },
      access: { permissions: ["Stream.GetStreams"] },
      handler: async (req, actor) => callerVods.list(actor, req.query),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/vod/:id",
      schema: {
        tags: ["vod"],
        summary: "Delete a recording and its file",
        params: idParams,
        response: { 200: okResponse },
      },
      access: { permissions: ["StreamWithId.Delete"] },
      namesObject: true,
      handler: async (req, actor) => {
        await callerVods.remove(actor, req.params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/public/stream/:id",
      schema: {
        tags: ["vod"],
        summary: "Public stream information; VOD entries only while VODs are public",
        params: idParams,
        response: { 200: publicStreamResponse },
      },
      access: { public: true },
      cache: "no-store",
      handler: async (req, _actor, reply) => {
        // Public, credential-free data: a customer's own site may read it from the browser.
        reply.header("access-control-allow-origin", "*").header("cross-origin-resource-policy", "cross-origin");
        return vods.publicStream(req.params.id);
      },
    }),
    defineRoute({
      method: ["GET", "HEAD"],
      url: "/vod/:orgHash/:file",
      schema: {
        tags: ["vod"],
        summary: "A recording's MP4, with range requests; public only while the organisation's VODs are public",
        params: fileParams,
      },
      access: { public: true },
      // Never cached by shared caches: switching VODs to private must bite on the very next request.
      cache: "private, no-store",
      openapi: FILE_DOC,
      handler: async (req, actor, reply) => {
        const file = await vods.fileFor(req.params.orgHash, req.params.file, actor);
        // HTTP ranges, If-Range, ETag/Last-Modified and conditional GET as RFC 9110 has them, by @fastify/send:
        // one range → 206, several or an unknown unit → 200 with the whole file, unsatisfiable → 416.
        // If-Range is decided here (a weak tag must not get a part, see if-range.ts); send sees the
        // request without it, and without the Range when the condition fails.
        const headers = { ...req.raw.headers };
        delete headers["if-range"];
        const ifRange = req.headers["if-range"];
        if (!rangeApplies(ifRange === undefined ? undefined : [ifRange].flat().join(", "), file)) delete headers.range;
        const request = Object.assign(Object.create(req.raw) as IncomingMessage, { headers });
        const sent = await send(request, `/${encodeURIComponent(path.basename(file.path))}`, {
          root: path.dirname(file.path),
          cacheControl: false,
          dotfiles: "deny",
          index: false,
        });
        if (sent.type === "error") throw fileRefusal(sent); // as JSON, like every other refusal
        if (typeof sent.headers.ETag === "string") sent.headers.ETag = sent.headers.ETag.replace(/^W\//, "");
        reply.code(sent.statusCode).headers(sent.headers);
        if (sent.statusCode < 400) reply.type("video/mp4");
        // A public recording may be embedded in a <video> on the customer's own site.
        if (!actor) reply.header("cross-origin-resource-policy", "cross-origin");
        return reply.send(sent.stream);
      },
    }),
  ];
}
