import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { apiKeyResponse, organisationResponse, vodRequest, webhookRequest } from "../../../contract/organisation.js";
import type { OrganisationsService } from "./organisations.service.js";

export function organisationsRoutes(app: FastifyInstance, orgs: OrganisationsService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["organisation"];

  r.get(
    "/api/organisation",
    {
      schema: { tags, summary: "The caller's organisation", response: { 200: organisationResponse } },
      config: { access: { permissions: ["Organisation.Get"] } },
    },
    async (req) => orgs.get(req.actor!),
  );

  r.get(
    "/api/organisation/apikey",
    {
      schema: { tags, summary: "Reveal the organisation API key (audited)", response: { 200: apiKeyResponse } },
      config: { access: { permissions: ["ApiKey.Get"] } },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return orgs.revealApiKey(req.actor!);
    },
  );

  r.post(
    "/api/organisation/apikey/rotate",
    {
      schema: { tags, summary: "Replace the API key; the old one stops working at once", response: { 200: apiKeyResponse } },
      config: { access: { permissions: ["ApiKey.Get", "ApiKey.Rotate"] }, idempotent: true },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return orgs.rotateApiKey(req.actor!);
    },
  );

  r.put(
    "/api/organisation/webhook",
    {
      schema: { tags, summary: "Set or clear the organisation webhook", body: webhookRequest, response: { 200: organisationResponse } },
      config: { access: { permissions: ["Organisation.SetWebhook"] } },
    },
    async (req) => orgs.setWebhook(req.actor!, req.body.webhook),
  );

  r.put(
    "/api/organisation/vod",
    {
      schema: { tags, summary: "Make the organisation's VODs public or private", body: vodRequest, response: { 200: organisationResponse } },
      config: { access: { permissions: ["Organisation.SetVod"] } },
    },
    async (req) => orgs.setVodPublic(req.actor!, req.body.public),
  );
}
