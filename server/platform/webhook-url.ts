import ipaddr from "ipaddr.js";
import { badRequest } from "./errors.js";

const BLOCKED_NAMES = [/^localhost$/, /\.localhost$/, /^metadata\.google\.internal$/, /\.internal$/, /^metadata$/, /\.local$/, /^instance-data$/];

/**
 * Checks a webhook URL at save time: https only, no credentials in it, and no literal address or
 * well-known name that points inside the network. The WHATWG parser has already turned decimal,
 * octal and hex IPv4 forms (2130706433, 0177.0.0.1, 0x7f.1) into dotted form, so one range check
 * covers them. Names are resolved and checked again when a call is actually made.
 */
export function checkWebhookUrl(raw: string, allowPrivate: boolean): string {
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
  if (allowPrivate) return url.toString();

  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (host === "") throw badRequest("webhook must name a host");
  if (ipaddr.isValid(host)) {
    if (!isPublicAddress(host)) throw badRequest("webhook must not point to a loopback, private, link-local or reserved address");
    return url.toString();
  }
  if (!host.includes(".") || BLOCKED_NAMES.some((re) => re.test(host))) {
    throw badRequest("webhook must not point to a local or internal host name");
  }
  return url.toString();
}

/** True only for ordinary public unicast addresses (IPv4-mapped IPv6 judged as the IPv4 inside). */
export function isPublicAddress(address: string): boolean {
  try {
    const parsed = ipaddr.parse(address);
    if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
      return false;
    }
    return parsed.range() === "unicast";
  } catch {
    return false;
  }
}
