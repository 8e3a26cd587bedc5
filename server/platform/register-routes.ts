import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { unauthorized } from "./errors.js";
import { isProtected, type RouteDefinition } from "./route-table.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** The table entry a route was registered from (absent on routes registered any other way). */
    definition?: RouteDefinition;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  /** Registered by registerRoutes from a table entry. */
  fromTable: boolean;
  /** One of the built dashboard's files (@fastify/static marks them with `config.file`). */
  dashboardFile: boolean;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();
const tables = new WeakMap<FastifyInstance, RouteDefinition[]>();

/**
 * Records every route Fastify registers, however it was added, so a test can find one that is not in
 * the table. Call before anything registers a route.
 */
export function trackRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook("onRoute", (route) => {
    const config = route.config as { definition?: RouteDefinition; file?: unknown } | undefined;
    for (const method of [route.method].flat()) {
      routes.push({
        method: String(method),
        url: route.url,
        fromTable: config?.definition !== undefined,
        dashboardFile: config?.file !== undefined,
      });
    }
  });
}

export const registeredRoutes = (app: FastifyInstance): readonly RegisteredRoute[] => registered.get(app) ?? [];

/** The route table an app was built from, in registration order. */
export const routeTable = (app: FastifyInstance): readonly RouteDefinition[] => tables.get(app) ?? [];

/** Registers each definition with Fastify: the access rule, idempotency and document notes go into its config. */
export function registerRoutes(app: FastifyInstance, routes: readonly RouteDefinition[]): void {
  const table = tables.get(app) ?? [];
  tables.set(app, table);
  for (const def of routes) {
    if (def.url.startsWith("/api") && def.access === null)
      throw new Error(`route ${def.method} ${def.url} declares no access rule`);
    table.push(def);
    const options = routeOptions(def);
    if (!def.bodyParser) {
      app.route(options);
      continue;
    }
    const parser = def.bodyParser;
    // Its own scope, so the parser applies to this route only.
    void app.register(async (scope) => {
      scope.addContentTypeParser(
        parser.contentType,
        { parseAs: "string", bodyLimit: parser.bodyLimit },
        (_req, body, done) => {
          try {
            done(null, parser.parse(body as string));
          } catch (err) {
            done(err as Error, undefined);
          }
        },
      );
      scope.route(options);
    });
  }
}

function routeOptions(def: RouteDefinition): RouteOptions {
  const needsActor = isProtected(def);
  const errors = [...(def.openapi?.errors ?? []), ...(def.namesObject ? [404 as const] : [])];
  const openapi =
    def.openapi || errors.length > 0 ? { ...def.openapi, ...(errors.length > 0 ? { errors } : {}) } : undefined;
  return {
    method: [def.method].flat() as string[],
    url: def.url,
    schema: def.schema,
    config: {
      definition: def,
      ...(def.access ? { access: def.access } : {}),
      ...(def.idempotent ? { idempotent: true } : {}),
      ...(openapi ? { openapi } : {}),
    },
    ...(def.onRequest ? { onRequest: def.onRequest } : {}),
    handler(req: FastifyRequest, reply: FastifyReply) {
      if (def.cache) reply.header("cache-control", def.cache);
      // The access hook has refused a protected route's request without a caller; this cannot happen.
      if (needsActor && !req.actor) throw unauthorized();
      return def.handler(req, req.actor, reply);
    },
  };
}
