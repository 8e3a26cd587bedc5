import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { loginResponse, setupRequest, setupStatusResponse } from "../../../contract/user.js";
import type { SetupService } from "./setup.service.js";

export function setupRoutes(app: FastifyInstance, setup: SetupService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/setup",
    {
      schema: { tags: ["setup"], summary: "Whether first-run setup is still needed", response: { 200: setupStatusResponse } },
      config: { access: { public: true } },
    },
    async () => ({ needed: await setup.needed() }),
  );
  r.post(
    "/api/setup",
    {
      schema: { tags: ["setup"], summary: "Create the first organisation and its admin with the one-time setup token", body: setupRequest, response: { 200: loginResponse } },
      config: { openapi: { errors: [410] }, access: { public: true } },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return setup.complete(req.body, { ip: req.ip, requestId: req.id });
    },
  );
}
