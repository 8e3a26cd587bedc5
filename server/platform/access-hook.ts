import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Permission } from "../../contract/permissions.js";
import { canAll } from "../access/can.js";
import type { Actor, ActorKind } from "./actor.js";
import { badRequest, forbidden, unauthorized } from "./errors.js";
import { readSessionCookie } from "./session-cookie.js";
import { tokenKind } from "./tokens.js";

/**
 * Every /api route declares who may call it in `config.access`; a route without a declaration
 * fails at start-up, so nothing is ever public by omission.
 */
export type AccessRule = { public: true } | { permissions: readonly Permission[]; credentials?: readonly ActorKind[] };

export type Credential = { kind: "token" | "apiKey" | "playerKey"; secret: string };
export type CredentialResolver = (cred: Credential, ctx: { ip: string; requestId: string }) => Promise<Actor | null>;

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    access?: AccessRule;
  }
}

const CREDENTIAL_QUERY_PARAMS = ["api_key", "apikey", "token", "access_token", "bintu_token"];

export function registerAccessControl(app: FastifyInstance, resolve: CredentialResolver): void {
  app.decorateRequest("actor", null);

  // Also for a route added beside the route table (platform/route-table.ts), which the tests catch too.
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api")) return;
    if (!route.config?.access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
  });

  // onRequest, before the body is read and validated: who is calling and whether they may is decided
  // first (401, then 403); only then can a malformed body or query earn a 400 with field messages.
  app.addHook("onRequest", async (request) => {
    const rule = request.routeOptions.config.access;
    if (!rule) return;
    const query = request.query as Record<string, unknown> | undefined;
    if (query && CREDENTIAL_QUERY_PARAMS.some((k) => k in query)) {
      throw badRequest(
        "Credentials are accepted in headers only (X-BINTU-TOKEN, Authorization: Bearer, X-BINTU-APIKEY)",
      );
    }
    // The dashboard's session cookie stands in for X-BINTU-TOKEN when no credential header is sent, and
    // only on routes that need a caller: a public route (sign-in, invitation) ignores a stale cookie.
    const cred = readCredential(request) ?? ("public" in rule ? null : cookieCredential(request));
    if (cred === "malformed") throw unauthorized();
    if (cred) {
      request.actor = await resolve(cred, { ip: request.ip, requestId: request.id });
      if (!request.actor) throw unauthorized();
    }
    if ("public" in rule) return;
    const actor = request.actor;
    if (!actor) throw unauthorized();
    if (rule.credentials && !rule.credentials.includes(actor.kind)) {
      throw forbidden(actor.kind === "user" ? undefined : "This route needs a user token");
    }
    if (!canAll(actor, rule.permissions)) throw forbidden();
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The session cookie as a credential, with the CSRF rules for it (docs/SECURITY.md): besides
 * SameSite=Strict, a request that changes something must carry `X-Requested-With` — a header no other
 * site's page can add without a CORS preflight, which this server never grants — and must not be
 * marked cross-site or same-site (another subdomain) by the browser's `Sec-Fetch-Site`.
 */
function cookieCredential(request: FastifyRequest): Credential | "malformed" | null {
  const secret = readSessionCookie(request);
  if (secret === null) return null;
  if (!SAFE_METHODS.has(request.method)) {
    const site = header(request, "sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none")
      throw forbidden("Cross-site requests cannot use the dashboard's session");
    if (header(request, "x-requested-with") === undefined)
      throw forbidden("A request signed in by the session cookie must send the X-Requested-With header");
  }
  return tokenKind(secret) === "userToken" ? { kind: "token", secret } : "malformed";
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Reads the one credential a request carries; a malformed secret is refused before any lookup. */
function readCredential(request: FastifyRequest): Credential | "malformed" | null {
  const token = header(request, "x-bintu-token");
  const auth = header(request, "authorization");
  const apiKey = header(request, "x-bintu-apikey");
  const bearer = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (auth !== undefined && bearer === undefined) return "malformed";
  const given = [token, bearer, apiKey].filter((v) => v !== undefined);
  if (given.length === 0) return null;
  if (given.length > 1) return "malformed";
  const secret = (given[0] as string).trim();
  const kind = tokenKind(secret);
  if (apiKey !== undefined) {
    if (kind === "apiKey") return { kind: "apiKey", secret };
    if (kind === "playerKey") return { kind: "playerKey", secret };
    return "malformed";
  }
  return kind === "userToken" ? { kind: "token", secret } : "malformed";
}
