import ipaddr from "ipaddr.js";

/**
 * The restrictions a playback token may carry beyond its stream or tag: a client address or CIDR
 * range (`ip`) and a referring domain (`dom`). Pure functions, shared by minting and verification.
 */

type Addr = ipaddr.IPv4 | ipaddr.IPv6;

/** Strict forms only: ipaddr.js would also take `0x7f.1`-style IPv4, which no client address has. */
function parseAddress(s: string): Addr | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s);
  if (ipaddr.IPv6.isValid(s)) return ipaddr.process(s); // ::ffff:a.b.c.d reads as a.b.c.d
  return null;
}

/** An address or CIDR range in its normal written form, or null when it is neither. */
export function normaliseIpRule(rule: string): string | null {
  const slash = rule.indexOf("/");
  if (slash < 0) return parseAddress(rule)?.toString() ?? null;
  const addr = parseAddress(rule.slice(0, slash));
  const bitsText = rule.slice(slash + 1);
  if (!addr || !/^\d{1,3}$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (addr.kind() === "ipv4" ? 32 : 128)) return null;
  return `${addr.toString()}/${bits}`;
}

/** Whether the client address satisfies the rule; null when the rule itself is not an address or range. */
export function ipRuleMatches(rule: string, clientIp: string): boolean | null {
  const normal = normaliseIpRule(rule);
  if (normal === null) return null;
  const client = parseAddress(clientIp);
  if (!client) return false;
  const [net, bitsText] = normal.split("/");
  const netAddr = parseAddress(net!)!;
  if (netAddr.kind() !== client.kind()) return false;
  if (bitsText === undefined) return netAddr.toNormalizedString() === client.toNormalizedString();
  return client.match(netAddr, Number(bitsText));
}

/**
 * Whether the page that asked (the Referer) is on the token's domain. `example.com` matches that host
 * only; `.example.com` matches it and its subdomains (as a cookie's Domain does). No Referer, or one
 * that is not an http(s) URL, matches nothing.
 */
export function domainRuleMatches(rule: string, referer: string | null): boolean {
  if (!referer) return false;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const r = rule.toLowerCase();
  if (!r.startsWith(".")) return host === r;
  return host === r.slice(1) || host.endsWith(r);
}
