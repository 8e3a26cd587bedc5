import { z } from "zod";
import { ingestCallListQuery, ingestCallListResponse, webhookTestResponse } from "../../../contract/stream.js";
import { badRequest, forbidden, unauthorized } from "../../platform/errors.js";
import type { RouteDoc } from "../../platform/openapi.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { IngestService } from "./ingest.service.js";

const callbackQuery = z
  .object({
    secret: z.string().max(256).describe("The shared ingest secret (ORGDECK_INGEST_SECRET)"),
    /** The media server node (`host:port` of its control server), as the configuration template sends it. */
    node: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9.:[\]-]+$/, { message: "node must be host:port" })
      .optional(),
  })
  .strict();
/** The form body exactly as nginx sent it: the publisher's own parameters are forwarded byte for byte. */
const formBody = z.string().max(16 * 1024);

const plain = (example: string) => ({ "text/plain": { schema: { type: "string", example } } });
/** What the document says beyond the zod schemas: nginx's form body and its plain-text answers. */
const CALLBACK_DOC: RouteDoc = {
  body: {
    contentType: "application/x-www-form-urlencoded",
    schema: {
      type: "object",
      description:
        "nginx-rtmp's callback fields, with the client's own parameters before them (forwarded to the webhook byte for byte)",
      properties: {
        call: { type: "string", example: "publish" },
        app: { type: "string", example: "live" },
        name: { type: "string", description: "The stream name" },
        addr: { type: "string", description: "The client's address" },
      },
      required: ["call"],
      additionalProperties: { type: "string" },
    },
  },
  responses: {
    200: { description: "Allowed: nginx lets the client go on", content: plain("OK") },
    403: {
      description:
        "Refused: nginx drops the client (text/plain), or the caller's address is not a media server's (JSON Error)",
      content: { ...plain("Forbidden"), "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    },
  },
};

export function ingestRoutes(ingest: IngestService): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/ingest/rtmp",
      schema: {
        tags: ["ingest"],
        summary:
          "nginx-rtmp callback (on_publish, on_publish_done, on_update, on_play, on_play_done, on_record_done); 2xx allows, 403 refuses",
        querystring: callbackQuery,
        body: formBody,
      },
      access: { public: true },
      openapi: CALLBACK_DOC,
      // nginx-rtmp posts form bodies; only this route accepts them, every other route stays JSON-only.
      // Kept as it arrived (the webhook gets the publisher's parameters byte for byte); a NUL, even
      // percent-encoded, is refused here like anywhere else (see platform/input-guard.ts).
      bodyParser: {
        contentType: "application/x-www-form-urlencoded",
        bodyLimit: 16 * 1024,
        parse: (body) => {
          if (/%00|\u0000/i.test(body)) throw badRequest("the request body must not contain NUL characters");
          return body;
        },
      },
      // Before the query and body are validated, like the access hook: a caller without the secret
      // (or from elsewhere) learns nothing about what a valid callback looks like.
      onRequest: async (req) => {
        if (!ingest.checkSecret((req.query as { secret?: unknown }).secret as string | undefined))
          throw unauthorized("Missing or wrong ingest secret");
        if (!ingest.fromAllowedAddress(req.ip))
          throw forbidden("Callbacks are accepted from the media servers' addresses only");
      },
      handler: async (req, _actor, reply) => {
        const d = await ingest.decide(req.body, { node: req.query.node });
        return reply
          .code(d.allow ? 200 : 403)
          .type("text/plain")
          .send(d.allow ? "OK" : "Forbidden");
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/organisation/webhook/test",
      schema: {
        tags: ["organisation"],
        summary: "Send a sample publish call to the saved webhook and report the decision",
        response: { 200: webhookTestResponse },
      },
      access: { permissions: ["Organisation.SetWebhook"] },
      openapi: { errors: [429] }, // test calls are limited per organisation
      handler: async (_req, actor) => ingest.testWebhook(actor),
    }),
    defineRoute({
      method: "GET",
      url: "/api/ingest/calls",
      schema: {
        tags: ["ingest"],
        summary: "Recent media-server calls and their decisions",
        querystring: ingestCallListQuery,
        response: { 200: ingestCallListResponse },
      },
      access: { permissions: ["Organisation.SetWebhook"] },
      handler: async (req, actor) => ingest.recentCalls(actor, req.query),
    }),
  ];
}
