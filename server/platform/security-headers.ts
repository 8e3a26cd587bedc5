import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";

/** `playoutOrigin`: the dashboard's player fetches HLS from the media server (connect and media). */
const policyFor = (playoutOrigin: string[]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        // The component library writes its theme variables into a <style> element at runtime.
        "style-src": ["'self'", "'unsafe-inline'"],
        // blob: thumbnails, fetched with the bintu token and shown through blob URLs.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'", ...playoutOrigin],
        "media-src": ["'self'", "blob:", ...playoutOrigin],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 63_072_000, includeSubDomains: true },
    referrerPolicy: { policy: "no-referrer" },
    crossOriginOpenerPolicy: { policy: "same-origin" },
    xFrameOptions: { action: "deny" },
  });

/** Runs helmet once against a recording response: its headers never vary per request. */
function recordHeaders(playoutOrigin: string[] = []): Readonly<Record<string, string>> {
  const policy = policyFor(playoutOrigin);
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  policy({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => void (failure = err));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return Object.freeze(headers);
}

/**
 * The strict header set helmet builds from the policy above, on every answer, API and dashboard
 * alike. Built once at start and merged per request: running helmet's middleware chain on each
 * request cost about a third of the throughput of a small authenticated read (app.ts sets them in
 * its one onRequest hook). A route may override
 * one (public VOD files relax the resource policy so other sites can embed them).
 */
export const SECURITY_HEADERS = recordHeaders();

/** The same, letting the dashboard's Watch player reach the playout server (ORGDECK_PLAYOUT_URL). */
export function securityHeadersFor(playoutUrl: string | undefined): Readonly<Record<string, string>> {
  return playoutUrl ? recordHeaders([new URL(playoutUrl).origin]) : SECURITY_HEADERS;
}
