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
    302: {
      description: "Allowed play by stream id: nginx-rtmp plays the stream named in Location",
      headers: { Location: { description: "The stream's name", schema: { type: "string" } } },
      content: plain("Found"),
    },
    403: {
      description:
        "Refused: nginx drops the client (text/plain), or the caller's address is not a media server's (JSON Error)",
      content: { ...plain("Forbidden"), "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    },
  },
};

/** nginx's auth_request answers: 2xx lets the viewer have the file, 403 refuses it. */
const PLAYBACK_DOC: RouteDoc = {
  responses: {
    204: {
      description: "Allowed: nginx serves the file from the stream's HLS folder",
      headers: {
        "X-Stream-Name": {
          description: "The stream's name (its HLS folder); nginx never shows it",
          schema: { type: "string" },
        },
        "X-Stream-App": {
          description: "The application it is published in",
          schema: { type: "string", enum: ["live", "rec"] },
        },
      },
    },
    403: {
      description:
        "Refused (text/plain; the reason is in the call log), or the caller's address is not a media server's (JSON Error)",
      content: { ...plain("Forbidden"), "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    },
  },
};

/** The media server's secret and address checks, before anything else is read. */
function mediaServerOnly(ingest: IngestService) {
  return async (req: { query: unknown; ip: string }) => {
    if (!ingest.checkSecret((req.query as { secret?: unknown }).secret as string | undefined))
      throw unauthorized("Missing or wrong ingest secret");
    if (!ingest.fromAllowedAddress(req.ip))
      throw forbidden("Callbacks are accepted from the media servers' addresses only");
  };
}

/** One header nginx sends, as a string (a repeated header is refused rather than guessed at). */
function header(value: string | string[] | undefined, name: string, max: number): string | null {
  if (value === undefined || value === "") return null;
  if (typeof value !== "string" || value.length > max)
    throw badRequest(`${name}: one value of at most ${max} characters`);
  return value;
}

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
      onRequest: mediaServerOnly(ingest),
      handler: async (req, _actor, reply) => {
        const d = await ingest.decide(req.body, { node: req.query.node });
        // A play by stream id: nginx-rtmp plays the stream under its name instead (3xx + Location), so
        // viewers never learn the name, which is the publishing key.
        if (d.allow && d.redirect)
          return reply.code(302).header("Location", d.redirect).type("text/plain").send("Found");
        return reply
          .code(d.allow ? 200 : 403)
          .type("text/plain")
          .send(d.allow ? "OK" : "Forbidden");
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/ingest/playback",
      schema: {
        tags: ["ingest"],
        summary:
          "nginx auth_request for every HLS request (X-Original-URI, X-Real-IP, Referer); 204 with X-Stream-Name and X-Stream-App allows, 403 refuses",
        querystring: callbackQuery,
      },
      access: { public: true },
      openapi: PLAYBACK_DOC,
      onRequest: mediaServerOnly(ingest),
      handler: async (req, _actor, reply) => {
        const uri = header(req.headers["x-original-uri"], "X-Original-URI", 8192);
        const ip = header(req.headers["x-real-ip"], "X-Real-IP", 64);
        if (uri === null || ip === null) throw badRequest("X-Original-URI and X-Real-IP are required");
        const v = await ingest.authorizePlayback({ uri, ip, referer: header(req.headers.referer, "Referer", 4096) });
        if (!v.allow) return reply.code(403).type("text/plain").send("Forbidden");
        return reply.code(204).header("X-Stream-Name", v.name).header("X-Stream-App", v.app).send();
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
