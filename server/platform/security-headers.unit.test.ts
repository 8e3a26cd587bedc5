import { describe, expect, it } from "vitest";
import { SECURITY_HEADERS, securityHeadersFor } from "./security-headers.js";

const directive = (headers: Readonly<Record<string, string>>, name: string) =>
  headers["content-security-policy"]!.split(";")
    .find((d) => d.trim().startsWith(`${name} `))!
    .trim();

describe("dashboard security headers", () => {
  it("let the Watch player reach the playout origin only, and thumbnails show as blob URLs", () => {
    const h = securityHeadersFor("https://play.example.com:8443/base/");
    expect(directive(h, "connect-src")).toBe("connect-src 'self' https://play.example.com:8443");
    expect(directive(h, "media-src")).toBe("media-src 'self' blob: https://play.example.com:8443");
    expect(directive(h, "img-src")).toBe("img-src 'self' data: blob:");
    expect(directive(h, "frame-ancestors")).toBe("frame-ancestors 'none'");
  });

  it("without a playout server nothing else is allowed", () => {
    expect(securityHeadersFor(undefined)).toBe(SECURITY_HEADERS);
    expect(directive(SECURITY_HEADERS, "connect-src")).toBe("connect-src 'self'");
  });
});
