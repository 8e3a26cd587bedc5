import ipaddr from "ipaddr.js";
import { badRequest } from "./errors.js";

const BLOCKED_NAMES = [
  /^localhost$/,
  /\.localhost$/,
  /^metadata\.google\.internal$/,
  /\.internal$/,
  /^metadata$/,
  /\.local$/,
  /^instance-data$/,
];

/**
 * Checks a webhook URL at save time: https only, no credentials in it, and no literal address or
 * well-known name that points inside the network. The WHATWG parser has already turned decimal,
 * octal and hex IPv4 forms (2130706433, 0177.0.0.1, 0x7f.1) into dotted form, so one range check
 * covers them. Names are resolved and checked again when a call is actually made.
 */
export function checkWebhookUrl(
  raw: string,
  allowPrivate: boolean,
  ports: readonly number[] | "any" = allowPrivate ? [80, 443, 8443] : [443, 8443],
): string {
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badRequest("webhook must be an absolute URL such as https://example.com/hook");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) {
    throw badRequest("webhook must use https://");
  }
  if (url.username || url.password) throw badRequest("webhook must not contain a user name or password");
  if (url.hash) throw badRequest("webhook must not contain a #fragment");
  if (!webhookPortAllowed(url, ports))
    throw badRequest(
      `webhook must use port ${ports === "any" ? "" : ports.join(", ")} (so it cannot be used to probe other ports)`,
    );
  if (allowPrivate) return url.toString();

  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "") throw badRequest("webhook must name a host");
  if (ipaddr.isValid(host)) {
    if (!isPublicAddress(host))
      throw badRequest("webhook must not point to a loopback, private, link-local or reserved address");
    return url.toString();
  }
  if (!host.includes(".") || BLOCKED_NAMES.some((re) => re.test(host))) {
    throw badRequest("webhook must not point to a local or internal host name");
  }
  return url.toString();
}

/**
 * IPv6 forms that embed or translate to IPv4, or are special, beyond the ranges ipaddr.js names:
 * the deprecated IPv4-compatible `::/96` (`::127.0.0.1` is `::7f00:1`, which ipaddr.js calls unicast)
 * and local-use NAT64 `64:ff9b:1::/48`.
 */
const EMBEDDING_IPV6 = [ipaddr.parseCIDR("::/96"), ipaddr.parseCIDR("64:ff9b:1::/48")];

/**
 * True only for ordinary public unicast addresses. Every IPv6 form that embeds IPv4 (mapped,
 * compatible, NAT64, 6to4, Teredo, SIIT) is refused outright, whatever the IPv4 inside.
 */
export function isPublicAddress(address: string): boolean {
  try {
    const parsed = ipaddr.parse(address);
    if (parsed.kind() === "ipv6") {
      const v6 = parsed as ipaddr.IPv6;
      if (v6.isIPv4MappedAddress() || EMBEDDING_IPV6.some(([range, bits]) => v6.match(range, bits))) return false;
    }
    return parsed.range() === "unicast";
  } catch {
    return false;
  }
}

/** Ports a webhook may use: `any`, or the configured list (https 443 and 8443; 80 too for private setups). */
export function webhookPortAllowed(url: URL, ports: readonly number[] | "any"): boolean {
  if (ports === "any") return true;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return ports.includes(port);
}
