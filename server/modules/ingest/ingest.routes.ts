import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ingestCallListQuery, ingestCallListResponse, webhookTestResponse } from "../../../contract/stream.js";
import { unauthorized } from "../../platform/errors.js";
import type { IngestService } from "./ingest.service.js";

const secretQuery = z.object({ secret: z.string().max(256).optional() }).strict();
const formBody = z.record(z.string(), z.string().max(4096));

export function ingestRoutes(app: FastifyInstance, ingest: IngestService): void {
  // nginx-rtmp posts form bodies; only this scope accepts them, every other route stays JSON-only.
  void app.register(async (scope) => {
    scope.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit: 16 * 1024 }, (_req, body, done) => {
      const params: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(body as string)) if (!(k in params)) params[k] = v;
      done(null, params);
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      "/api/ingest/rtmp",
      {
        schema: { tags: ["ingest"], summary: "nginx-rtmp callback (on_publish, on_publish_done, on_update, on_play, on_play_done); 2xx allows, 403 refuses", querystring: secretQuery, body: formBody },
        config: { access: { public: true } },
      },
      async (req, reply) => {
        if (!ingest.checkSecret(req.query.secret)) throw unauthorized("Missing or wrong ingest secret");
        const d = await ingest.decide(req.body);
        return reply.code(d.allow ? 200 : 403).type("text/plain").send(d.allow ? "OK" : "Forbidden");
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    "/api/organisation/webhook/test",
    { schema: { tags: ["organisation"], summary: "Send a sample publish call to the saved webhook and report the decision", response: { 200: webhookTestResponse } }, config: { access: { permissions: ["Organisation.SetWebhook"] } } },
    async (req) => ingest.testWebhook(req.actor!),
  );
  r.get(
    "/api/ingest/calls",
    { schema: { tags: ["ingest"], summary: "Recent media-server calls and their decisions", querystring: ingestCallListQuery, response: { 200: ingestCallListResponse } }, config: { access: { permissions: ["Organisation.SetWebhook"] } } },
    async (req) => ingest.recentCalls(req.actor!, req.query),
  );
}
