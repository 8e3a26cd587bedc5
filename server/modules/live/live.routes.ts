import { z } from "zod";
import {
  LIVE_KINDS,
  LIVE_MAX_AGE_S,
  LIVE_STREAMS_PER_USER,
  LIVE_TOPICS,
  LIVE_UPDATES_PATH,
} from "../../../contract/live-updates.js";
import type { RouteDoc } from "../../platform/openapi.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { LiveUpdatesService } from "./live.service.js";

const liveQuery = z
  .object({
    maxAge: z.coerce
      .number({ error: "maxAge must be a number of seconds" })
      .int({ message: "maxAge must be a whole number of seconds" })
      .min(0, { message: "maxAge must be at least 0" })
      .max(LIVE_MAX_AGE_S, { message: `maxAge must be at most ${LIVE_MAX_AGE_S}` })
      .optional()
      .describe(
        `Seconds after which the server ends the stream (the client reconnects); at most and by default ${LIVE_MAX_AGE_S}. 0 ends it right after the ready event.`,
      ),
  })
  .strict();

const kinds = Object.entries(LIVE_KINDS)
  .map(([kind, topic]) => `\`${kind}\` (${LIVE_TOPICS[topic].join(" or ")})`)
  .join(", ");

const LIVE_DOC: RouteDoc = {
  errors: [429],
  responses: {
    200: {
      description: [
        'A `text/event-stream` that stays open. It begins with `event: ready` (`data: {"heartbeatMs":15000}`);',
        'then `event: change` with `data: {"kind":"stream.live","id":"<uuid>"}` for every change in the',
        "caller's organisation the caller may read, within about a second of its commit on any instance;",
        "a `: keep-alive` comment at least every heartbeatMs; and before the server ends it, `event: closed`",
        'with `data: {"reason":"credential"|"max_age"|"shutdown"}` (`credential`: the token was revoked, expired',
        "or the member removed — reconnecting answers 401). A change names only a kind and an id; fetch",
        `what changed through the API. Kinds, with the permissions that let a member hear them: ${kinds}.`,
        `At most ${LIVE_STREAMS_PER_USER} open streams per member and instance (429 beyond).`,
      ].join(" "),
      content: { "text/event-stream": { schema: { type: "string" } } },
    },
  },
};

export function liveRoutes(live: LiveUpdatesService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: LIVE_UPDATES_PATH,
      schema: {
        tags: ["live"],
        summary: "Live updates: server-sent events about changes in the organisation",
        querystring: liveQuery,
      },
      // Members only (their token is re-checked while the stream is open); what arrives depends on the role.
      access: { permissions: [], credentials: ["user"] },
      openapi: LIVE_DOC,
      handler: async (req, actor, reply) => {
        const stream = await live.open(actor, req.query.maxAge);
        reply.hijack();
        const raw = reply.raw;
        const headers: Record<string, string | number | string[]> = {};
        // The security headers and request id the app's onRequest hook set.
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v;
        raw.writeHead(200, {
          ...headers,
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          // nginx and similar proxies would otherwise hold the events back in their buffers.
          "x-accel-buffering": "no",
          // A stream is the connection's last answer: when it ends the socket goes too (the client
          // reconnects afresh), so a shutdown never waits for a kept-alive socket to time out.
          connection: "close",
        });
        if (req.method === "HEAD") {
          stream.close();
          raw.end();
          return;
        }
        raw.flushHeaders();
        raw.on("close", () => stream.close());
        stream.attach({
          write: (chunk) => raw.write(chunk),
          end: () => raw.end(),
          get backlog() {
            return raw.writableLength;
          },
        });
      },
    }),
  ];
}
