import {
  apiKeyResponse,
  organisationResponse,
  renameRequest,
  vodRequest,
  webhookRequest,
  webhookSecretResponse,
} from "../../../contract/organisation.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { OrganisationsService } from "./organisations.service.js";

const tags = ["organisation"];

export function organisationsRoutes(orgs: OrganisationsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/organisation",
      schema: { tags, summary: "The caller's organisation", response: { 200: organisationResponse } },
      access: { permissions: ["Organisation.Get"] },
      handler: async (_req, actor) => orgs.get(actor),
    }),
    defineRoute({
      method: "GET",
      url: "/api/organisation/apikey",
      schema: { tags, summary: "Reveal the organisation API key (audited)", response: { 200: apiKeyResponse } },
      access: { permissions: ["ApiKey.Get"] },
      cache: "no-store",
      handler: async (_req, actor) => orgs.revealApiKey(actor),
    }),
    defineRoute({
      method: "POST",
      url: "/api/organisation/apikey/rotate",
      schema: {
        tags,
        summary: "Replace the API key; the old one stops working at once",
        response: { 200: apiKeyResponse },
      },
      access: { permissions: ["ApiKey.Get", "ApiKey.Rotate"] },
      idempotent: true,
      cache: "no-store",
      handler: async (_req, actor) => orgs.rotateApiKey(actor),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/organisation/webhook",
      schema: {
        tags,
        summary: "Set or clear the organisation webhook",
        body: webhookRequest,
        response: { 200: organisationResponse },
      },
      access: { permissions: ["Organisation.SetWebhook"] },
      handler: async (req, actor) => orgs.setWebhook(actor, req.body.webhook),
    }),
    defineRoute({
      method: "GET",
      url: "/api/organisation/webhook/secret",
      schema: {
        tags,
        summary: "Reveal the secret that signs the calls to the webhook (audited)",
        response: { 200: webhookSecretResponse },
      },
      access: { permissions: ["Organisation.SetWebhook"] },
      cache: "no-store",
      handler: async (_req, actor) => orgs.revealWebhookSecret(actor),
    }),
    defineRoute({
      method: "POST",
      url: "/api/organisation/webhook/secret/rotate",
      schema: {
        tags,
        summary: "Replace the webhook signing secret; for 24 hours calls carry both signatures",
        response: { 200: webhookSecretResponse },
      },
      access: { permissions: ["Organisation.SetWebhook"] },
      idempotent: true,
      cache: "no-store",
      handler: async (_req, actor) => orgs.rotateWebhookSecret(actor),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/organisation/name",
      schema: {
        tags,
        summary: "Rename the organisation (audited)",
        body: renameRequest,
        response: { 200: organisationResponse },
      },
      access: { permissions: ["Organisation.Rename"] },
      handler: async (req, actor) => orgs.rename(actor, req.body.name),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/organisation/vod",
      schema: {
        tags,
        summary: "Make the organisation's VODs public or private",
        body: vodRequest,
        response: { 200: organisationResponse },
      },
      access: { permissions: ["Organisation.SetVod"] },
      handler: async (req, actor) => orgs.setVodPublic(actor, req.body.public),
    }),
  ];
}
