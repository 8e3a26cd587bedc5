import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import { mintClaims } from "./mint.js";
import { domainRuleMatches, ipRuleMatches, normaliseIpRule } from "./restrictions.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = NOW / 1000;
const mint = (opts: Parameters<typeof mintClaims>[1], target: Parameters<typeof mintClaims>[0] = { streamId: "s1" }) =>
  mintClaims(target, opts, NOW);

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return (err as AppError).message;
  }
  throw new Error("expected a refusal");
}

describe("mintClaims", () => {
  it("binds the organisation and the stream, valid for an hour by default", () => {
    expect(mint({})).toEqual({ sub: "s1", exp: now + 3600 });
    expect(mint({}, { tag: "sports" })).toEqual({ tag: "sports", exp: now + 3600 });
  });

  it("counts the lifetime from the start of validity; notBefore in seconds from now or ISO", () => {
    expect(mint({ expiresIn: 60, notBefore: 600 })).toMatchObject({ nbf: now + 600, exp: now + 660 });
    expect(mint({ expiresIn: 60, notBefore: "2026-01-16T12:00:00Z" })).toMatchObject({
      nbf: now + 86400,
      exp: now + 86460,
    });
    // A start in the past restricts nothing and does not shorten the lifetime.
    expect(mint({ expiresIn: 60, notBefore: "2026-01-01T00:00:00Z" })).toMatchObject({ exp: now + 60 });
  });

  it("allows 30 days at most, naming the field", () => {
    expect(mint({ expiresIn: 30 * 86400 }).exp).toBe(now + 30 * 86400);
    expect(refusal(() => mint({ expiresIn: 30 * 86400 + 1 }))).toMatch(/expiresIn/);
    expect(refusal(() => mint({ expiresIn: 0 }))).toMatch(/expiresIn/);
    expect(refusal(() => mint({ notBefore: "2026-03-01T00:00:00Z" }))).toMatch(/notBefore/);
    expect(refusal(() => mint({ notBefore: "yesterday" }))).toMatch(/notBefore/);
  });

  it("keeps the restrictions in their normal form and refuses bad ones by name", () => {
    expect(mint({ clientIp: "::ffff:203.0.113.7", domain: ".Example.com", userId: "u-1" })).toMatchObject({
      ip: "203.0.113.7",
      dom: ".example.com",
      uid: "u-1",
    });
    expect(mint({ clientIp: "2001:db8::/32" }).ip).toBe("2001:db8::/32");
    expect(refusal(() => mint({ clientIp: "203.0.113.256" }))).toMatch(/clientIp/);
    expect(refusal(() => mint({ clientIp: "203.0.113.0/33" }))).toMatch(/clientIp/);
    expect(refusal(() => mint({ clientIp: "0x7f.1" }))).toMatch(/clientIp/);
    expect(refusal(() => mint({ domain: "https://example.com/" }))).toMatch(/domain/);
  });
});

describe("restrictions", () => {
  it("normalises addresses and ranges, and refuses what is neither", () => {
    expect(normaliseIpRule("203.0.113.7")).toBe("203.0.113.7");
    expect(normaliseIpRule("2001:DB8:0::1")).toBe("2001:db8::1");
    expect(normaliseIpRule("10.0.0.0/8")).toBe("10.0.0.0/8");
    expect(normaliseIpRule("10.0.0.0/x")).toBeNull();
    expect(normaliseIpRule("example.com")).toBeNull();
  });

  it("never matches across address families, or a client address that is not one", () => {
    expect(ipRuleMatches("0.0.0.0/0", "2001:db8::1")).toBe(false);
    expect(ipRuleMatches("::/0", "203.0.113.7")).toBe(false);
    expect(ipRuleMatches("0.0.0.0/0", "unknown")).toBe(false);
  });

  it("matches only http(s) referers", () => {
    expect(domainRuleMatches("example.com", "ftp://example.com/")).toBe(false);
    expect(domainRuleMatches("example.com", "https://user@example.com/")).toBe(true);
  });
});
