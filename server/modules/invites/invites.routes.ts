import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { okResponse } from "../../../contract/common.js";
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

const idParams = z.object({ id: z.string().max(64) }).strict();
const tokenParams = z.object({ token: z.string().max(128) }).strict();

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
    "/api/invite/:id",
    { schema: { tags, summary: "Revoke an invitation", params: idParams, response: { 200: okResponse } }, config: { access: { permissions: ["InviteToken.Delete"] } } },
    async (req) => {
      await invites.revoke(req.actor!, req.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    "/api/invite/:token",
    { schema: { tags, summary: "What an invitation link grants (public)", params: tokenParams, response: { 200: publicInviteResponse } }, config: { access: { public: true } } },
    async (req, reply) => {
      reply.header("referrer-policy", "no-referrer");
      return invites.publicInfo(req.params.token);
    },
  );
  r.post(
    "/api/invite/:token/accept",
    { schema: { tags, summary: "Accept an invitation: create the member and log in (single use)", params: tokenParams, body: acceptInviteRequest, response: { 200: acceptInviteResponse } }, config: { access: { public: true } } },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return invites.accept(req.params.token, req.body, { ip: req.ip, requestId: req.id });
    },
  );
}
