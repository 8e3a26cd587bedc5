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
  | { kind: "response"; status: number; latencyMs: number }
  | { kind: "error"; reason: "blocked" | "timeout" | "network" | "invalid_url"; detail: string; latencyMs: number };

export interface OutboundOptions {
  allowPrivate: boolean;
  /** Ports a webhook may use (checked again at dial time, as the addresses are). */
  ports?: readonly number[] | "any";
  resolve?: Resolver;
  /** Total time for the whole exchange: resolve, connect, TLS, headers. */
  deadlineMs: number;
}

/**
 * Posts a form body to a customer's webhook without letting it reach inside our network. The name
 * is resolved here and every address judged (ipaddr.js ranges; IPv4-mapped, NAT64 and 6to4 forms
 * count as non-public); then the connection goes to exactly the address that was judged, so a second
 * resolution cannot swap it (DNS rebinding). Redirects are never followed: only the status counts.
 */
export async function postForm(url: string, body: string, opts: OutboundOptions): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { kind: "error", reason: "invalid_url", detail: "not a URL", latencyMs: elapsed() };
  }
  const secure = target.protocol === "https:";
  if (!secure && !(opts.allowPrivate && target.protocol === "http:")) {
    return { kind: "error", reason: "blocked", detail: "scheme not allowed", latencyMs: elapsed() };
  }
  if (opts.ports !== undefined && !webhookPortAllowed(target, opts.ports)) {
    return { kind: "error", reason: "blocked", detail: "port not allowed", latencyMs: elapsed() };
  }
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const deadline = AbortSignal.timeout(opts.deadlineMs);

  let address: string;
  try {
    const addresses = ipaddr.isValid(host) ? [host] : await withAbort((opts.resolve ?? systemResolver)(host), deadline);
    if (addresses.length === 0)
      return { kind: "error", reason: "network", detail: "name has no address", latencyMs: elapsed() };
    if (!opts.allowPrivate && !addresses.every(isPublicAddress)) {
      return { kind: "error", reason: "blocked", detail: "address not allowed", latencyMs: elapsed() };
    }
    address = addresses[0]!;
  } catch (err) {
    return deadline.aborted
      ? { kind: "error", reason: "timeout", detail: "deadline passed while resolving", latencyMs: elapsed() }
      : {
          kind: "error",
          reason: "network",
          detail: err instanceof Error ? err.message : "resolve failed",
          latencyMs: elapsed(),
        };
  }

  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(o);
    };
    const payload = Buffer.from(body, "utf8");
    const options: https.RequestOptions = {
      host: address,
      port: target.port || (secure ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: "POST",
      // Kept-alive connections are pooled per judged address (and TLS name), never per host name.
      agent: secure ? httpsAgent : httpAgent,
      headers: {
        host: target.host,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": payload.length,
        "user-agent": "orgdeck-webhook/1",
      },
      ...(secure && !ipaddr.isValid(host) ? { servername: host } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      // Only the status decides, and it is known now. The body is drained for connection reuse,
      // but at most MAX_BODY bytes and never past the deadline: an endless answer costs nothing.
      finish({ kind: "response", status: res.statusCode ?? 0, latencyMs: elapsed() });
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
    req.on("error", (err: NodeJS.ErrnoException) => {
      finish(
        deadline.aborted
          ? { kind: "error", reason: "timeout", detail: "deadline passed", latencyMs: elapsed() }
          : { kind: "error", reason: "network", detail: err.code ?? err.message, latencyMs: elapsed() },
      );
    });
    req.end(payload);
  });
}

const MAX_BODY = 64 * 1024;
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 30_000 });

function withAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
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
