import { z } from "zod";
import { idInput } from "../../../contract/common.js";
import {
  createStreamRequest,
  deleteStreamResponse,
  setTagsRequest,
  streamListQuery,
  streamListResponse,
  streamResponse,
} from "../../../contract/stream.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { CallerStreamsService } from "./caller-streams.service.js";
import type { StreamsService } from "./streams.service.js";

const idParams = z.object({ id: idInput }).strict();
const tags = ["stream"];

export function streamsRoutes(streams: StreamsService, callerStreams: CallerStreamsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/stream",
      schema: {
        tags,
        summary: "Streams of the organisation, filtered by tags (all must match) and state",
        querystring: streamListQuery,
        response: { 200: streamListResponse },
      },
      access: { permissions: ["Stream.GetStreams"] },
      handler: async (req, actor) => callerStreams.list(actor, req.query),
    }),
    defineRoute({
      method: "POST",
      url: "/api/stream",
      schema: {
        tags,
        summary: "Create a stream named <orgHash>-<5 random characters>",
        body: createStreamRequest,
        response: { 201: streamResponse },
      },
      access: { permissions: ["Stream.CreateStream"] },
      idempotent: true,
      handler: async (req, actor, reply) => reply.code(201).send(await callerStreams.create(actor, req.body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/stream/:id",
      schema: { tags, summary: "One stream", params: idParams, response: { 200: streamResponse } },
      access: { permissions: ["StreamWithId.GetStream"] },
      namesObject: true,
      handler: async (req, actor) => callerStreams.get(actor, req.params.id),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/stream/:id",
      schema: {
        tags,
        summary: "Delete a stream; a live one is dropped from every media server node first",
        params: idParams,
        response: { 200: deleteStreamResponse },
      },
      access: { permissions: ["StreamWithId.Delete"] },
      namesObject: true,
      handler: async (req, actor) => ({ ok: true as const, ...(await streams.remove(actor, req.params.id)) }),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/stream/:id/tag",
      schema: {
        tags,
        summary: "Replace a stream's tags",
        params: idParams,
        body: setTagsRequest,
        response: { 200: streamResponse },
      },
      access: { permissions: ["StreamWithId.SetTags"] },
      namesObject: true,
      handler: async (req, actor) => callerStreams.setTags(actor, req.params.id, req.body.tags),
    }),
    ...(
      [
        ["stop", "StreamWithId.Stop"],
        ["lock", "StreamWithId.Lock"],
        ["unlock", "StreamWithId.Unlock"],
      ] as const
    ).map(([op, permission]) =>
      defineRoute({
        method: "POST",
        url: `/api/stream/:id/${op}`,
        schema: {
          tags,
          summary: `${op[0]!.toUpperCase()}${op.slice(1)} a stream`,
          params: idParams,
          response: { 200: streamResponse },
        },
        access: { permissions: [permission] },
        namesObject: true,
        openapi: { errors: [409] },
        handler: async (req, actor) => callerStreams.transition(actor, req.params.id, op),
      }),
    ),
  ];
}
