/**
 * nginx-rtmp's callback bodies, read without losing anything: nginx writes its own fields first and
 * then the publisher's (or player's) own query parameters exactly as they were in the stream URL. The
 * organisation's webhook gets those parameters byte for byte, repeated ones in order, before nginx's.
 */

/** Fields nginx-rtmp itself sends; anything else came from the client's stream URL. */
export const NGINX_FIELDS = new Set([
  "call",
  "name",
  "app",
  "addr",
  "clientid",
  "flashver",
  "swfurl",
  "tcurl",
  "pageurl",
  "type",
  "start",
  "duration",
  "reset",
  "time",
  "timestamp",
  "path",
  "bytes_in",
  "bytes_out",
  "epoch",
  "recorder",
  "ip",
]);
/** The order the webhook documentation shows: custom parameters first, then these, then the rest. */
const LEADING = ["call", "name", "app", "addr", "clientid"];

export interface Callback {
  /** Decoded values; the first occurrence of a key wins (nginx's own fields come first). */
  fields: Readonly<Record<string, string>>;
  /** Every `key=value` segment as it arrived, with its decoded key. */
  segments: ReadonlyArray<{ key: string; raw: string }>;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

export function parseCallback(body: string): Callback {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const segments: Array<{ key: string; raw: string }> = [];
  for (const raw of body.split("&")) {
    if (raw === "") continue;
    const eq = raw.indexOf("=");
    const key = decode(eq < 0 ? raw : raw.slice(0, eq));
    segments.push({ key, raw });
    if (!(key in fields)) fields[key] = decode(eq < 0 ? "" : raw.slice(eq + 1));
  }
  return { fields, segments };
}

/**
 * The form body for the organisation's webhook: the client's own parameters as written, then nginx's
 * fields (call, name, app, addr, clientid first), then `extra` fields nginx did not send.
 */
export function webhookBody(cb: Callback, extra: Record<string, string | number> = {}): string {
  const custom = cb.segments.filter((s) => !NGINX_FIELDS.has(s.key)).map((s) => s.raw);
  const own = new Map<string, string>();
  for (const s of cb.segments) if (NGINX_FIELDS.has(s.key) && !own.has(s.key)) own.set(s.key, s.raw);
  const leading = LEADING.flatMap((k) => (own.has(k) ? [own.get(k)!] : []));
  const rest = [...own].filter(([k]) => !LEADING.includes(k)).map(([, raw]) => raw);
  const added = Object.entries(extra)
    .filter(([k]) => !own.has(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return [...custom, ...leading, ...rest, ...added].join("&");
}

/** A form body from plain fields (the dashboard's "Send test"). */
export function formOf(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}
