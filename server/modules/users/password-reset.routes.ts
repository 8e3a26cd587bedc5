import {
  completePasswordResetRequest,
  completePasswordResetResponse,
  createdPasswordResetResponse,
  openPasswordResetResponse,
  passwordResetParams,
  publicPasswordResetResponse,
} from "../../../contract/password-reset.js";
import { userIdParams } from "../../../contract/user.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { PasswordResetService } from "./password-reset.service.js";

const tags = ["user"];

export function passwordResetRoutes(resets: PasswordResetService): RouteDefinition[] {
  return [
    // Admin-only by the permission that guards resetting a member's tokens (User.RenewTokenKey): both
    // take an account's access away from whoever holds it now. A bintu token only, so a person is
    // named in the audit log; the operator's CLI covers the API-key-less case.
    defineRoute({
      method: "POST",
      url: "/api/user/:id/password-reset",
      schema: {
        tags,
        summary: "Create a single-use password reset link for a member, valid 1 hour (shown once)",
        params: userIdParams,
        response: { 201: createdPasswordResetResponse },
      },
      access: { permissions: ["User.RenewTokenKey"], credentials: ["user"] },
      namesObject: true,
      cache: "no-store",
      openapi: { errors: [409] },
      handler: async (req, actor, reply) => reply.code(201).send(await resets.createLink(actor, req.params.id)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/user/:id/password-reset",
      schema: {
        tags,
        summary:
          "A member's open password reset link: who issued it, when, until when (never the link); 404 when the member has none",
        params: userIdParams,
        response: { 200: openPasswordResetResponse },
      },
      access: { permissions: ["User.RenewTokenKey"], credentials: ["user"] },
      namesObject: true,
      handler: async (req, actor) => resets.openLink(actor, req.params.id),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/user/:id/password-reset",
      schema: {
        tags,
        summary:
          "Revoke a member's open password reset link (204); 404 when the member has none (already used, expired or revoked)",
        params: userIdParams,
      },
      access: { permissions: ["User.RenewTokenKey"], credentials: ["user"] },
      namesObject: true,
      openapi: { responses: { 204: { description: "The link was revoked; it can no longer be used" } } },
      handler: async (req, actor, reply) => {
        await resets.revokeLink(actor, req.params.id);
        return reply.code(204).send();
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/password-reset/:token",
      schema: {
        tags,
        summary: "Whether a password reset link is valid (public); 410 alike for unknown, used and expired links",
        params: passwordResetParams,
        response: { 200: publicPasswordResetResponse },
      },
      access: { public: true },
      openapi: { errors: [410, 429] },
      handler: async (req, _actor, reply) => {
        reply.header("referrer-policy", "no-referrer");
        return resets.lookup(req.params.token, { ip: req.ip, requestId: req.id });
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/password-reset/:token",
      schema: {
        tags,
        summary: "Set a new password with a reset link (single use); ends every session of the account",
        params: passwordResetParams,
        body: completePasswordResetRequest,
        response: { 200: completePasswordResetResponse },
      },
      access: { public: true },
      cache: "no-store",
      openapi: { errors: [410, 429] },
      handler: async (req, _actor, reply) => {
        reply.header("referrer-policy", "no-referrer");
        return resets.complete(req.params.token, req.body, { ip: req.ip, requestId: req.id });
      },
    }),
  ];
}
