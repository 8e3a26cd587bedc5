import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { registerAccessControl } from "./access-hook.js";
import type { Actor } from "./actor.js";
import { registerErrorHandling } from "./http-errors.js";
import { registeredRoutes, registerRoutes, routeTable, trackRoutes } from "./register-routes.js";
import { defineRoute, isProtected, routeKey, type RouteDefinition } from "./route-table.js";
import { makeToken } from "./tokens.js";

const TOKEN = makeToken("userToken");
const ACTOR: Actor = {
  kind: "apiKey",
  orgId: "org-1",
  permissions: new Set(["Organisation.Get"]),
  ip: "127.0.0.1",
  requestId: "r",
};

async function appWith(routes: RouteDefinition[], extra?: (app: FastifyInstance) => void) {
  const app = Fastify();
  trackRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // Any well-formed bintu token is the one test caller.
  registerAccessControl(app, async (cred) => (cred.secret === TOKEN ? ACTOR : null));
  registerRoutes(app, routes);
  extra?.(app);
  await app.ready();
  return app;
}

const whoAmI = defineRoute({
  method: "GET",
  url: "/api/who",
  schema: { response: { 200: z.object({ orgId: z.string() }) } },
  access: { permissions: ["Organisation.Get"] },
  cache: "no-store",
  handler: async (_req, actor) => ({ orgId: actor.orgId }),
});
const item = defineRoute({
  method: "DELETE",
  url: "/api/item/:id",
  schema: { params: z.object({ id: z.string() }) },
  access: { permissions: ["Organisation.Get"] },
  namesObject: true,
  openapi: { errors: [409] },
  handler: async (_req, _actor, reply) => reply.code(204).send(),
});
const form = defineRoute({
  method: "POST",
  url: "/form",
  schema: { body: z.string() },
  access: null,
  cache: "private, no-store",
  bodyParser: {
    contentType: "application/x-www-form-urlencoded",
    bodyLimit: 1024,
    parse: (body) => body.toUpperCase(),
  },
  handler: async (req, _actor, reply) => reply.type("text/plain").send(req.body),
});

describe("registerRoutes", () => {
  it("hands a protected route's handler the caller, and sets the route's cache policy", async () => {
    const app = await appWith([whoAmI]);
    const res = await app.inject({ method: "GET", url: "/api/who", headers: { "x-bintu-token": TOKEN } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ orgId: "org-1" });
    expect(res.headers["cache-control"]).toBe("no-store");
    expect((await app.inject({ method: "GET", url: "/api/who" })).statusCode).toBe(401);
  });

  it("puts the access rule, idempotency and the document's notes into the route's config", async () => {
    const seen: Record<string, unknown> = {};
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.addHook("onRoute", (r) => void (seen[`${String(r.method)} ${r.url}`] = r.config));
    registerRoutes(app, [item, { ...whoAmI, idempotent: true }]);
    await app.ready();
    expect(seen["DELETE /api/item/:id"]).toMatchObject({
      access: { permissions: ["Organisation.Get"] },
      openapi: { errors: [409, 404] },
    });
    expect(seen["GET /api/who"]).toMatchObject({ idempotent: true });
  });

  it("refuses an /api route without an access rule", () => {
    expect(() => registerRoutes(Fastify(), [{ ...whoAmI, access: null }])).toThrow(/declares no access rule/);
  });

  it("gives a route its own body parser and leaves every other route JSON-only", async () => {
    const app = await appWith([form, { ...form, url: "/json", bodyParser: undefined }]);
    const headers = { "content-type": "application/x-www-form-urlencoded" };
    const res = await app.inject({ method: "POST", url: "/form", headers, payload: "a=b" });
    expect(res.body).toBe("A=B");
    expect(res.headers["cache-control"]).toBe("private, no-store");
    expect((await app.inject({ method: "POST", url: "/json", headers, payload: "a=b" })).statusCode).toBe(415);
  });

  it("tells the table's routes from a route registered beside it", async () => {
    const app = await appWith([whoAmI, item], (a) =>
      a.get("/api/sideways", { config: { access: { public: true } } }, async () => "no"),
    );
    expect(routeTable(app).map(routeKey)).toEqual(["GET /api/who", "DELETE /api/item/:id"]);
    expect(routeTable(app).filter(isProtected)).toHaveLength(2);
    const outside = registeredRoutes(app)
      .filter((r) => !r.fromTable)
      .map((r) => `${r.method} ${r.url}`);
    expect(outside).toEqual(["GET /api/sideways", "HEAD /api/sideways"]);
  });
});
