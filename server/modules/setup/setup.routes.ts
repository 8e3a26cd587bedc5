import { loginResponse, setupRequest, setupStatusResponse } from "../../../contract/user.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import { setSessionCookie } from "../../platform/session-cookie.js";
import type { SetupService } from "./setup.service.js";

export function setupRoutes(setup: SetupService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/setup",
      schema: {
        tags: ["setup"],
        summary: "Whether first-run setup is still needed",
        response: { 200: setupStatusResponse },
      },
      access: { public: true },
      handler: async () => ({ needed: await setup.needed() }),
    }),
    defineRoute({
      method: "POST",
      url: "/api/setup",
      schema: {
        tags: ["setup"],
        summary: "Create the first organisation and its admin with the one-time setup token",
        body: setupRequest,
        response: { 200: loginResponse },
      },
      access: { public: true },
      cache: "no-store",
      openapi: { errors: [403, 410] }, // a wrong setup token; setup already done
      handler: async (req, _actor, reply) => {
        const res = await setup.complete(req.body, { ip: req.ip, requestId: req.id });
        setSessionCookie(req, reply, res);
        return res;
      },
    }),
  ];
}
