import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idInput } from "../../../contract/common.js";
import { createStreamRequest, deleteStreamResponse, setTagsRequest, streamListQuery, streamListResponse, streamResponse } from "../../../contract/stream.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "./streams.service.js";

const idParams = z.object({ id: idInput }).strict();

export function streamsRoutes(app: FastifyInstance, streams: StreamsService, orgs: OrganisationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["stream"];

  r.get(
    "/api/stream",
    { schema: { tags, summary: "Streams of the organisation, filtered by tags (all must match) and state", querystring: streamListQuery, response: { 200: streamListResponse } }, config: { access: { permissions: ["Stream.GetStreams"] } } },
    async (req) => streams.list(req.actor!, req.query),
  );
  r.post(
    "/api/stream",
    { schema: { tags, summary: "Create a stream named <orgHash>-<5 random characters>", body: createStreamRequest, response: { 201: streamResponse } }, config: { access: { permissions: ["Stream.CreateStream"] }, idempotent: true } },
    async (req, reply) => reply.code(201).send(await streams.create(req.actor!, await orgs.identity(req.actor!), req.body)),
  );
  r.get(
    "/api/stream/:id",
    { schema: { tags, summary: "One stream", params: idParams, response: { 200: streamResponse } }, config: { access: { permissions: ["StreamWithId.GetStream"] } } },
    async (req) => streams.get(req.actor!, req.params.id),
  );
  r.delete(
    "/api/stream/:id",
    { schema: { tags, summary: "Delete a stream; a live one is dropped from every media server node first", params: idParams, response: { 200: deleteStreamResponse } }, config: { access: { permissions: ["StreamWithId.Delete"] } } },
    async (req) => ({ ok: true as const, ...(await streams.remove(req.actor!, req.params.id)) }),
  );
  r.put(
    "/api/stream/:id/tag",
    { schema: { tags, summary: "Replace a stream's tags", params: idParams, body: setTagsRequest, response: { 200: streamResponse } }, config: { access: { permissions: ["StreamWithId.SetTags"] } } },
    async (req) => streams.setTags(req.actor!, req.params.id, req.body.tags),
  );
  for (const [op, permission] of [["stop", "StreamWithId.Stop"], ["lock", "StreamWithId.Lock"], ["unlock", "StreamWithId.Unlock"]] as const) {
    r.post(
      `/api/stream/:id/${op}`,
      { schema: { tags, summary: `${op[0]!.toUpperCase()}${op.slice(1)} a stream`, params: idParams, response: { 200: streamResponse } }, config: { openapi: { errors: [409] }, access: { permissions: [permission] } } },
      async (req) => streams.transition(req.actor!, req.params.id, op),
    );
  }
}
