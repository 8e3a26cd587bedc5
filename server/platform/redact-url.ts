/**
 * URLs as the audit log keeps them: scheme, host, port and path. A query string or user info often
 * carries a token (`?token=…`, `https://user:pass@…`), and audit readers need only Audit.Get, so both
 * become `…`, as does a fragment.
 */
const URL_SHAPED = /^[a-z][a-z0-9+.-]*:\/\//i;
const MARK = "…";

/** One URL-shaped string redacted; anything else (or an unparseable URL's tail) is returned safely. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactUnparsed(raw);
  }
  const userinfo = url.username || url.password ? `${MARK}@` : "";
  const query = url.search ? `?${MARK}` : "";
  const fragment = url.hash ? `#${MARK}` : "";
  const authority = url.host ? `//${userinfo}${url.host}` : "";
  return `${url.protocol}${authority}${url.pathname}${query}${fragment}`;
}

/** The same cuts by hand for what the URL parser refuses: user info in the authority, then ? or #. */
function redactUnparsed(raw: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(raw);
  if (!m) {
    const cut = raw.search(/[@?#]/);
    return cut < 0 ? raw : `${raw.slice(0, cut)}${MARK}`;
  }
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf("@");
  const host = at < 0 ? authority : `${MARK}@${authority.slice(at + 1)}`;
  const cut = rest.search(/[?#]/);
  return `${scheme}${host}${cut < 0 ? rest : `${rest.slice(0, cut)}${rest[cut]}${MARK}`}`;
}

/** A copy of `value` with every URL-shaped string in it (at any depth) redacted. */
export function redactUrls<T>(value: T): T {
  if (typeof value === "string") return (URL_SHAPED.test(value) ? redactUrl(value) : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactUrls(v)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactUrls(v);
    return out as T;
  }
  return value;
}
