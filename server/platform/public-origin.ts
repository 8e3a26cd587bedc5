import { AsyncLocalStorage } from "node:async_hooks";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../config.js";

/**
 * The base of the links the server hands out (invitations, password resets, embed URLs).
 *
 * With `PUBLIC_URL` set, always that: the operator said where the dashboard lives, and nothing a client
 * sends can change it. Without it, the address the request came in on (`Host`, and the scheme; both
 * from `X-Forwarded-*` only when `ORGDECK_TRUST_PROXY` trusts the proxy, as Fastify does), so a
 * dashboard opened at `http://192.168.1.20:3000` gets links that work from the LAN instead of
 * `http://localhost:3000`. A Host that is not a plain host name or address (with an optional port)
 * falls back to the default. The links go back only to the signed-in caller who sent the request, and
 * orgdeck sends no email, so a forged Host cannot put a foreign link in front of someone else;
 * operators still set PUBLIC_URL (README, start-up warning) so every link is the one they chose.
 */
const store = new AsyncLocalStorage<string>();

const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const SAFE_HOST = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|\\[[0-9A-Fa-f:.]+\\])(?::\\d{1,5})?$`);

/** `scheme://host[:port]` of the request, or null when its Host is missing or not a plain host. */
export function requestOrigin(request: FastifyRequest): string | null {
  const host = request.host;
  if (typeof host !== "string" || host.length > 260 || !SAFE_HOST.test(host)) return null;
  const proto = request.protocol === "https" ? "https" : "http";
  return `${proto}://${host.toLowerCase()}`;
}

/** Makes `publicOrigin()` answer for the request being handled (handlers and the services they call). */
export function registerPublicOrigin(app: FastifyInstance, config: Pick<Config, "publicUrl" | "publicUrlFromRequest">) {
  if (!config.publicUrlFromRequest) return;
  // preHandler: after the body is read (the body's stream events would lose an earlier context), and
  // the handler is called synchronously from the last preHandler's callback, so it runs inside.
  app.addHook("preHandler", (request, _reply, done) => {
    store.run(requestOrigin(request) ?? config.publicUrl, done);
  });
}

/** The base URL for links made while handling the current request (see above). */
export function publicOrigin(config: Pick<Config, "publicUrl">): string {
  return store.getStore() ?? config.publicUrl;
}
