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
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import { setSessionCookie } from "../../platform/session-cookie.js";
import type { InvitesService } from "./invites.service.js";

// Revoking (by id) and the public lookup (by the link's token) share one URL template, so their
// parameter shares one name; only the OpenAPI path parameter changed, every URL stays as it was.
const idRefParams = z.object({ ref: idInput.describe("The invitation's id") }).strict();
const tokenRefParams = z
  .object({ ref: z.string().max(128).meta({ description: "The token from the invitation link" }) })
  .strict();
const tokenParams = z
  .object({ token: z.string().max(128).meta({ description: "The token from the invitation link" }) })
  .strict();
const tags = ["invite"];

export function invitesRoutes(invites: InvitesService): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/invite",
      schema: {
        tags,
        summary: "Create an invitation link for a role (the link is shown once)",
        body: createInviteRequest,
        response: { 201: createdInviteResponse },
      },
      access: { permissions: ["InviteToken.Create"] },
      idempotent: true,
      cache: "no-store",
      handler: async (req, actor, reply) => reply.code(201).send(await invites.create(actor, req.body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/invite",
      schema: {
        tags,
        summary: "Pending invitations, newest first (never their tokens)",
        querystring: inviteListQuery,
        response: { 200: inviteListResponse },
      },
      access: { permissions: ["InviteToken.List"] },
      handler: async (req, actor) => invites.list(actor, req.query),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/invite/:ref",
      schema: { tags, summary: "Revoke an invitation", params: idRefParams, response: { 200: okResponse } },
      access: { permissions: ["InviteToken.Delete"] },
      namesObject: true,
      openapi: { errors: [409] },
      handler: async (req, actor) => {
        await invites.revoke(actor, req.params.ref);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/invite/:ref",
      schema: {
        tags,
        summary: "What an invitation link grants (public)",
        params: tokenRefParams,
        response: { 200: publicInviteResponse },
      },
      access: { public: true },
      openapi: { errors: [410] },
      handler: async (req, _actor, reply) => {
        reply.header("referrer-policy", "no-referrer");
        return invites.publicInfo(req.params.ref);
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/invite/:token/accept",
      schema: {
        tags,
        summary: "Accept an invitation: create the member and log in (single use)",
        params: tokenParams,
        body: acceptInviteRequest,
        response: { 200: acceptInviteResponse },
      },
      access: { public: true },
      cache: "no-store",
      openapi: { errors: [409, 410, 429] },
      handler: async (req, _actor, reply) => {
        const res = await invites.accept(req.params.token, req.body, { ip: req.ip, requestId: req.id });
        setSessionCookie(req, reply, res);
        return res;
      },
    }),
  ];
}
