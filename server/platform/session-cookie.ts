import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.js";
import type { Clock } from "./clock.js";

/**
 * The dashboard's session cookie: the bintu token from a sign-in, also set as a cookie so every tab of
 * the browser shares one session (docs/SECURITY.md, "Dashboard session"). HttpOnly (page scripts never
 * read it), SameSite=Strict (no other site's page or link sends it), Path=/, no Domain, Secure on https
 * — then named `__Host-…`, which browsers accept only with Secure, Path=/ and no Domain. API clients
 * keep sending X-BINTU-TOKEN; a request with a credential header ignores the cookie.
 */
export const SESSION_COOKIE = "orgdeck_session";
export const SECURE_SESSION_COOKIE = "__Host-orgdeck_session";

declare module "fastify" {
  interface FastifyInstance {
    /** PUBLIC_URL is https: the session cookie is Secure even when a proxy talks plain http to us. */
    sessionCookieSecure: boolean;
    /** The app's clock, for the cookie's Max-Age (a token's expiry comes from the same clock). */
    sessionCookieClock: Clock;
  }
}

export function registerSessionCookie(
  app: FastifyInstance,
  config: Pick<Config, "publicUrl" | "publicUrlFromRequest">,
  clock: Clock,
): void {
  app.decorate("sessionCookieSecure", !config.publicUrlFromRequest && config.publicUrl.startsWith("https:"));
  app.decorate("sessionCookieClock", clock);
}

const isSecure = (request: FastifyRequest) => request.protocol === "https" || request.server.sessionCookieSecure;

/** The session cookie's value, if the request carries one (the Secure one first). */
export function readSessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  let plain: string | null = null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === SECURE_SESSION_COOKIE && value !== "") return value;
    if (name === SESSION_COOKIE && value !== "" && plain === null) plain = value;
  }
  return plain;
}

/**
 * Sets the cookie for a token just issued (sign-in, setup, accepted invitation), until it expires —
 * only for the dashboard, which says so with `X-Requested-With` (the header it sends on every call).
 * An API client signing in gets the token in the answer and no cookie, so a script sharing a cookie
 * jar with a browser (or a test) never swaps the browser's session.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: string },
): void {
  if (request.headers["x-requested-with"] === undefined) return;
  const seconds = Math.max(
    0,
    Math.floor((Date.parse(session.expiresAt) - request.server.sessionCookieClock.now()) / 1000),
  );
  const secure = isSecure(request);
  const name = secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
  const attrs = `Path=/; Max-Age=${seconds}; HttpOnly; SameSite=Strict${secure ? "; Secure" : ""}`;
  // A planted cookie of the other name would otherwise linger beside the new one.
  const other = secure ? SESSION_COOKIE : SECURE_SESSION_COOKIE;
  reply.header("set-cookie", [`${name}=${session.token}; ${attrs}`, expired(other, secure)]);
}

/** Removes the cookie (sign-out). */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = isSecure(request);
  reply.header(
    "set-cookie",
    secure ? [expired(SECURE_SESSION_COOKIE, true), expired(SESSION_COOKIE, true)] : [expired(SESSION_COOKIE, false)],
  );
}

function expired(name: string, secure: boolean): string {
  // A __Host- cookie can only be set, and so only removed, with Secure.
  const needsSecure = secure || name === SECURE_SESSION_COOKIE;
  return `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${needsSecure ? "; Secure" : ""}`;
}
