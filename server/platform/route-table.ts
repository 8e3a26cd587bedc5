import type {
  ContextConfigDefault,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { AccessRule } from "./access-hook.js";
import type { Actor } from "./actor.js";
import type { RouteDoc } from "./openapi.js";

/**
 * Routes as data: one definition per route says everything about it — method, path, schemas, who may
 * call it, idempotency, cache policy, what the OpenAPI document cannot derive — and the handler.
 * Fastify's registration (`registerRoutes`), the OpenAPI document, the role × route matrix and the
 * cross-organisation sweep are all derived from the same list, so none of them can miss a route.
 */

/** Answers that must never be stored by a browser or proxy (the /api default, declared where it matters). */
export type CachePolicy = "no-store" | "private, no-store";

/**
 * Who may call: the access hook's rule, or `null` for the operational routes outside /api that read
 * no credential at all (/healthz, /readyz). An /api route with `null` refuses to register.
 */
export type RouteAccess = AccessRule | null;

/** A body parser for one route only: every other route stays JSON-only. The body arrives as a string. */
export interface BodyParser {
  contentType: string;
  bodyLimit: number;
  parse(body: string): unknown;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** A route that needs permissions always has its caller; a public one may have one (a member's own VOD). */
export type ActorFor<A extends RouteAccess> = A extends { permissions: readonly unknown[] } ? Actor : Actor | null;

type ZodHandler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  ZodTypeProvider
>;
export type RouteRequest<S extends FastifySchema> = Parameters<ZodHandler<S>>[0];
export type RouteReply<S extends FastifySchema> = Parameters<ZodHandler<S>>[1];

export interface RouteSpec<S extends FastifySchema, A extends RouteAccess> {
  /** One method; GET routes answer HEAD too (Fastify adds it), a list says so explicitly. */
  method: Method | readonly ("GET" | "HEAD")[];
  url: string;
  /** zod schemas (params, querystring, body, response) plus the document's tags and summary. */
  schema: S;
  access: A;
  /** A creating POST that honours `Idempotency-Key` (platform/idempotency.ts). */
  idempotent?: boolean;
  /** Set on every answer the handler gives, before it runs. */
  cache?: CachePolicy;
  /**
   * The route names one object of the caller's organisation (in the path, query or body): another
   * organisation's object reads as missing (404). The cross-organisation sweep and the document use it.
   */
  namesObject?: boolean;
  /** What the OpenAPI document cannot derive (see platform/openapi.ts). */
  openapi?: RouteDoc;
  /** Checks that run before the body is read and validated, after the access hook. */
  onRequest?: (req: FastifyRequest) => Promise<void>;
  bodyParser?: BodyParser;
  handler: (req: RouteRequest<S>, actor: ActorFor<A>, reply: RouteReply<S>) => ReturnType<ZodHandler<S>>;
}

/** A definition with its types erased, as the table holds it. */
export type RouteDefinition = Omit<RouteSpec<FastifySchema, RouteAccess>, "handler"> & {
  handler: (req: FastifyRequest, actor: Actor | null, reply: FastifyReply) => unknown;
};

/** Types the handler from the schemas and the access rule; returns the definition as table data. */
export function defineRoute<const S extends FastifySchema, const A extends RouteAccess>(
  spec: RouteSpec<S, A>,
): RouteDefinition {
  return spec as unknown as RouteDefinition;
}

/** `PUT /api/tag/:name`: how tests and error messages name a route. */
export const routeKey = (r: { method: RouteDefinition["method"] | string; url: string }): string =>
  `${[r.method]
    .flat()
    .filter((m) => m !== "HEAD")
    .join(",")} ${r.url}`;

/** Whether the route needs permissions (and so a caller), as opposed to a public or operational one. */
export const isProtected = (
  r: RouteDefinition,
): r is RouteDefinition & { access: Exclude<AccessRule, { public: true }> } =>
  r.access !== null && !("public" in r.access);
