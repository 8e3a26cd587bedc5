import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { idInput, okResponse } from "../../../contract/common.js";
import {
  acceptInviteRequest,
  acceptInviteResponse,
  createInviteRequest,
  createdInviteResponse,
  inviteListQuery,
  inviteListResponse,
  publicInviteResponse,
} from "../../../contract/invite.js";
import type { InvitesService } from "./invites.service.js";

// Revoking (by id) and the public lookup (by the link's token) share one URL template, so their
// parameter shares one name; only the OpenAPI path parameter changed, every URL stays as it was.
const idRefParams = z.object({ ref: idInput.describe("The invitation's id") }).strict();
const tokenRefParams = z.object({ ref: z.string().max(128).meta({ description: "The token from the invitation link" }) }).strict();
const tokenParams = z.object({ token: z.string().max(128).meta({ description: "The token from the invitation link" }) }).strict();

export function invitesRoutes(app: FastifyInstance, invites: InvitesService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["invite"];

  r.post(
    "/api/invite",
    { schema: { tags, summary: "Create an invitation link for a role (the link is shown once)", body: createInviteRequest, response: { 201: createdInviteResponse } }, config: { access: { permissions: ["InviteToken.Create"] }, idempotent: true } },
    async (req, reply) => reply.code(201).header("cache-control", "no-store").send(await invites.create(req.actor!, req.body)),
  );
  r.get(
    "/api/invite",
    { schema: { tags, summary: "Pending invitations, newest first (never their tokens)", querystring: inviteListQuery, response: { 200: inviteListResponse } }, config: { access: { permissions: ["InviteToken.List"] } } },
    async (req) => invites.list(req.actor!, req.query),
  );
  r.delete(
    "/api/invite/:ref",
    { schema: { tags, summary: "Revoke an invitation", params: idRefParams, response: { 200: okResponse } }, config: { openapi: { errors: [409] }, access: { permissions: ["InviteToken.Delete"] } } },
    async (req) => {
      await invites.revoke(req.actor!, req.params.ref);
      return { ok: true as const };
    },
  );
  r.get(
    "/api/invite/:ref",
    { schema: { tags, summary: "What an invitation link grants (public)", params: tokenRefParams, response: { 200: publicInviteResponse } }, config: { openapi: { errors: [410] }, access: { public: true } } },
    async (req, reply) => {
      reply.header("referrer-policy", "no-referrer");
      return invites.publicInfo(req.params.ref);
    },
  );
  r.post(
    "/api/invite/:token/accept",
    { schema: { tags, summary: "Accept an invitation: create the member and log in (single use)", params: tokenParams, body: acceptInviteRequest, response: { 200: acceptInviteResponse } }, config: { openapi: { errors: [409, 410, 429] }, access: { public: true } } },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return invites.accept(req.params.token, req.body, { ip: req.ip, requestId: req.id });
    },
  );
}
