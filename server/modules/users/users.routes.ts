import { okResponse } from "../../../contract/common.js";
import {
  changePasswordRequest,
  changePasswordResponse,
  loginRequest,
  loginResponse,
  meResponse,
} from "../../../contract/user.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import { clearSessionCookie, setSessionCookie } from "../../platform/session-cookie.js";
import type { SessionService } from "./session.service.js";

const tags = ["user"];

export function usersRoutes(session: SessionService): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/user/validate",
      schema: { tags, summary: "Log in and get a bintu token", body: loginRequest, response: { 200: loginResponse } },
      access: { public: true },
      cache: "no-store",
      openapi: { errors: [429] },
      // The token in the answer (API clients) and as the dashboard's HttpOnly session cookie (every tab).
      handler: async (req, _actor, reply) => {
        const res = await session.login(req.body, { ip: req.ip, requestId: req.id });
        setSessionCookie(req, reply, res);
        return res;
      },
    }),
    defineRoute({
      method: "POST",
      url: "/api/user/logout",
      schema: { tags, summary: "Revoke the current bintu token", response: { 200: okResponse } },
      access: { permissions: [], credentials: ["user"] },
      handler: async (req, actor, reply) => {
        await session.logout(actor);
        clearSessionCookie(req, reply);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/user/me",
      schema: { tags, summary: "The caller, its role and effective permissions", response: { 200: meResponse } },
      access: { permissions: [], credentials: ["user"] },
      handler: async (_req, actor) => session.me(actor),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/user/password",
      schema: {
        tags,
        summary: "Change the caller's password; by default ends its other sessions",
        body: changePasswordRequest,
        response: { 200: changePasswordResponse },
      },
      access: { permissions: [], credentials: ["user"] },
      openapi: { errors: [429] },
      handler: async (req, actor) => session.changePassword(actor, req.body, { ip: req.ip, requestId: req.id }),
    }),
  ];
}
