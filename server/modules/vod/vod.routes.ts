import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { okResponse } from "../../../contract/common.js";
import { publicStreamResponse, vodListQuery, vodListResponse } from "../../../contract/vod.js";
import { AppError } from "../../platform/errors.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { VodService } from "./vod.service.js";

const idParams = z.object({ id: z.string().max(64) }).strict();
const fileParams = z.object({ orgHash: z.string().max(16), file: z.string().max(64) }).strict();

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` → inclusive range, or null when absent; "invalid" when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "invalid";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? "invalid" : { start, end };
}

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
    config: { access: { public: true } },
    handler: async (req, reply) => {
      const file = await vods.fileFor(req.params.orgHash, req.params.file, req.actor);
      const range = parseRange(req.headers.range, file.size);
      // Never cached by shared caches: switching VODs to private must bite on the very next request.
      reply.header("cache-control", "private, no-store").header("accept-ranges", "bytes").type("video/mp4");
      // A public recording may be embedded in a <video> on the customer's own site.
      if (!req.actor) reply.header("cross-origin-resource-policy", "cross-origin");
      if (range === "invalid") {
        reply.header("content-range", `bytes */${file.size}`);
        throw new AppError(416, "bad_request", "Requested range not satisfiable");
      }
      const { start, end } = range ?? { start: 0, end: file.size - 1 };
      reply.header("content-length", String(end - start + 1));
      if (range) reply.code(206).header("content-range", `bytes ${start}-${end}/${file.size}`);
      if (req.method === "HEAD") return reply.send();
      return reply.send(fs.createReadStream(file.path, { start, end }));
    },
  });
}
