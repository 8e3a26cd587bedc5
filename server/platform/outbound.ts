import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import ipaddr from "ipaddr.js";
import { isPublicAddress, webhookPortAllowed } from "./webhook-url.js";

export type Resolver = (hostname: string) => Promise<string[]>;

/** The system resolver: every address the name has, IPv4 and IPv6. */
export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export type PostOutcome =
  /** `retryAfter`: the receiver's Retry-After header, as sent (event deliveries honour it on 429 and 503). */
  | { kind: "response"; status: number; latencyMs: number; retryAfter?: string }
  | { kind: "error"; reason: "blocked" | "timeout" | "network" | "invalid_url"; detail: string; latencyMs: number };

export interface OutboundOptions {
  allowPrivate: boolean;
  /** Ports a webhook may use (checked again at dial time, as the addresses are). */
  ports?: readonly number[] | "any";
  resolve?: Resolver;
  /** Total time for the whole exchange: resolve, connect, TLS, headers. */
  deadlineMs: number;
}

export interface PinnedRequest {
  body: string;
  contentType: string;
  /** Extra headers (e.g. webhook-id, webhook-timestamp, webhook-signature); never host or length. */
  headers?: Record<string, string>;
}

/**
 * Posts to a customer's URL (the webhook's signed form, an event's signed JSON) without letting it
 * reach inside our network. The name is resolved here and every address judged (ipaddr.js ranges;
 * IPv4-mapped, NAT64 and 6to4 forms count as non-public); the connection goes to exactly the judged
 * address with the name kept for Host and SNI, so a second DNS answer cannot swap it (DNS rebinding).
 * One deadline covers the whole exchange, only the status line counts and redirects are never followed.
 */
export async function postPinned(url: string, request: PinnedRequest, opts: OutboundOptions): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const fail = (reason: "blocked" | "timeout" | "network" | "invalid_url", detail: string): PostOutcome => ({
    kind: "error",
    reason,
    detail,
    latencyMs: elapsed(),
  });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return fail("invalid_url", "not a URL");
  }
  const secure = target.protocol === "https:";
  if (!secure && !(opts.allowPrivate && target.protocol === "http:")) return fail("blocked", "scheme not allowed");
  if (target.username || target.password) return fail("blocked", "credentials in URL");
  if (opts.ports !== undefined && !webhookPortAllowed(target, opts.ports)) return fail("blocked", "port not allowed");
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const deadline = AbortSignal.timeout(opts.deadlineMs);

  let address: string;
  try {
    const addresses = ipaddr.isValid(host) ? [host] : await raceAbort((opts.resolve ?? systemResolver)(host), deadline);
    if (addresses.length === 0) return fail("network", "name has no address");
    if (!opts.allowPrivate && !addresses.every(isPublicAddress)) return fail("blocked", "address not allowed");
    address = addresses[0]!;
  } catch (err) {
    return deadline.aborted
      ? fail("timeout", "deadline passed while resolving")
      : fail("network", err instanceof Error ? err.message : "resolve failed");
  }

  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const payload = Buffer.from(request.body, "utf8");
    const options: https.RequestOptions = {
      host: address,
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: "POST",
      // Pooled per judged address (and TLS name), never per host name.
      agent: secure ? httpsAgent : httpAgent,
      headers: {
        ...request.headers,
        host: target.host,
        "content-type": request.contentType,
        "content-length": payload.length,
        "user-agent": "orgdeck-webhook/1",
      },
      ...(secure && !ipaddr.isValid(host) ? { servername: host } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      // The status decides; the body is drained (bounded) only so the connection can be reused.
      const retryAfter = res.headers["retry-after"];
      finish({
        kind: "response",
        status: res.statusCode ?? 0,
        latencyMs: elapsed(),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      });
      let read = 0;
      res.on("data", (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_BODY) req.destroy();
      });
      res.on("error", () => req.destroy());
    });
    const onAbort = () => req.destroy(new Error("deadline passed"));
    deadline.addEventListener("abort", onAbort, { once: true });
    req.on("close", () => deadline.removeEventListener("abort", onAbort));
    req.on("error", (err: NodeJS.ErrnoException) =>
      finish(deadline.aborted ? fail("timeout", "deadline passed") : fail("network", err.code ?? err.message)),
    );
    req.end(payload);
  });
}

const MAX_BODY = 64 * 1024;
// Separate pools from the blocking call's, so slow event receivers never take its sockets.
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
