import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { okResponse } from "../../../contract/common.js";
import { changePasswordRequest, changePasswordResponse, loginRequest, loginResponse, meResponse } from "../../../contract/user.js";
import type { SessionService } from "./session.service.js";

export function usersRoutes(app: FastifyInstance, session: SessionService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    "/api/user/validate",
    {
      schema: { tags: ["user"], summary: "Log in and get a bintu token", body: loginRequest, response: { 200: loginResponse } },
      config: { openapi: { errors: [429] }, access: { public: true } },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return session.login(req.body, { ip: req.ip, requestId: req.id });
    },
  );

  r.post(
    "/api/user/logout",
    {
      schema: { tags: ["user"], summary: "Revoke the current bintu token", response: { 200: okResponse } },
      config: { access: { permissions: [], credentials: ["user"] } },
    },
    async (req) => {
      await session.logout(req.actor!);
      return { ok: true as const };
    },
  );

  r.get(
    "/api/user/me",
    {
      schema: { tags: ["user"], summary: "The caller, its role and effective permissions", response: { 200: meResponse } },
      config: { access: { permissions: [], credentials: ["user"] } },
    },
    async (req) => session.me(req.actor!),
  );

  r.put(
    "/api/user/password",
    {
      schema: { tags: ["user"], summary: "Change the caller's password; by default ends its other sessions", body: changePasswordRequest, response: { 200: changePasswordResponse } },
      config: { openapi: { errors: [429] }, access: { permissions: [], credentials: ["user"] } },
    },
    async (req) => session.changePassword(req.actor!, req.body, { ip: req.ip, requestId: req.id }),
  );
}
