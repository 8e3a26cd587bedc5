import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Domain-restricted playback tokens in orgdeck's own embed page. A player on the customer's page sends
 * the page as Referer with every HLS request, which the token's `dom` is checked against; in orgdeck's
 * iframe it would send orgdeck's page instead. So when the browser loads the embed page, the site that
 * framed it (the Referer of that navigation, which page scripts cannot set) is sealed with the token and
 * the viewer's address into a pass: `<token>.<site, base64url>.<HMAC>`, made with a key derived from the
 * server key. The playback check then takes the site from a pass that opens for the requesting address.
 * Bound to the address, a pass fetched elsewhere with a forged Referer is useless to other viewers:
 * no weaker than the Referer check itself.
 */
const SITE = /^[a-z0-9.-]{1,253}$/;
/** Only a JWT's characters are ever sealed (the pass goes into the page's HTML and the playlists). */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createEmbedPasses(key: Buffer) {
  const mac = (token: string, site: string, ip: string) =>
    createHmac("sha256", key).update(`odemb1|${token}|${site}|${ip}`).digest("base64url");

  return {
    /** The pass for a playback token (a JWT), the framing site's host name and the viewer's address. */
    seal(token: string, site: string, ip: string): string | null {
      if (token.length > 4096 || !JWT.test(token) || !SITE.test(site)) return null;
      return `${token}.${Buffer.from(site).toString("base64url")}.${mac(token, site, ip)}`;
    },
    /**
     * A pass's token and site when it was made for this address; null when `token` is a pass that does
     * not open (other address, altered); undefined when it is no pass at all.
     */
    open(token: string, ip: string): { token: string; site: string } | null | undefined {
      const parts = token.split(".");
      if (parts.length !== 5) return undefined;
      const jwt = parts.slice(0, 3).join(".");
      const site = Buffer.from(parts[3]!, "base64url").toString();
      if (!SITE.test(site)) return null;
      const want = Buffer.from(mac(jwt, site, ip));
      const got = Buffer.from(parts[4]!);
      return got.length === want.length && timingSafeEqual(got, want) ? { token: jwt, site } : null;
    },
  };
}
export type EmbedPasses = ReturnType<typeof createEmbedPasses>;
