import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  completePasswordResetRequest,
  completePasswordResetResponse,
  createdPasswordResetResponse,
  passwordResetParams,
  publicPasswordResetResponse,
} from "../../../contract/password-reset.js";
import { userIdParams } from "../../../contract/user.js";
import type { PasswordResetService } from "./password-reset.service.js";

export function passwordResetRoutes(app: FastifyInstance, resets: PasswordResetService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ["user"];

  // Admin-only by the permission that guards resetting a member's tokens (User.RenewTokenKey): both
  // take an account's access away from whoever holds it now. A bintu token only, so a person is
  // named in the audit log; the operator's CLI covers the API-key-less case.
  r.post(
    "/api/user/:id/password-reset",
    { schema: { tags, summary: "Create a single-use password reset link for a member, valid 1 hour (shown once)", params: userIdParams, response: { 201: createdPasswordResetResponse } }, config: { openapi: { errors: [409] }, access: { permissions: ["User.RenewTokenKey"], credentials: ["user"] } } },
    async (req, reply) => reply.code(201).header("cache-control", "no-store").send(await resets.createLink(req.actor!, req.params.id)),
  );
  r.get(
    "/api/password-reset/:token",
    { schema: { tags, summary: "Whether a password reset link is valid (public); 410 alike for unknown, used and expired links", params: passwordResetParams, response: { 200: publicPasswordResetResponse } }, config: { openapi: { errors: [410, 429] }, access: { public: true } } },
    async (req, reply) => {
      reply.header("referrer-policy", "no-referrer");
      return resets.lookup(req.params.token, { ip: req.ip, requestId: req.id });
    },
  );
  r.post(
    "/api/password-reset/:token",
    { schema: { tags, summary: "Set a new password with a reset link (single use); ends every session of the account", params: passwordResetParams, body: completePasswordResetRequest, response: { 200: completePasswordResetResponse } }, config: { openapi: { errors: [410, 429] }, access: { public: true } } },
    async (req, reply) => {
      reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer");
      return resets.complete(req.params.token, req.body, { ip: req.ip, requestId: req.id });
    },
  );
}
