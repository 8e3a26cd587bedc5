import { describe, expect, it } from "vitest";
import { digest, digestsEqual, makeToken, tokenKind, TOKEN_PREFIX, type TokenKind } from "./tokens.js";

describe("secret formats", () => {
  it("makes secrets of each kind that read back as that kind", () => {
    for (const kind of Object.keys(TOKEN_PREFIX) as TokenKind[]) {
      const token = makeToken(kind);
      expect(token).toMatch(new RegExp(`^${TOKEN_PREFIX[kind]}_[0-9A-Za-z]{36}$`));
      expect(tokenKind(token)).toBe(kind);
    }
  });

  it("refuses a mistyped secret by its checksum, and unknown prefixes and shapes", () => {
    const token = makeToken("apiKey");
    const flipped = token.slice(0, 8) + (token[8] === "a" ? "b" : "a") + token.slice(9);
    expect(tokenKind(flipped)).toBeNull();
    expect(tokenKind(`odx_${token.slice(4)}`)).toBeNull();
    expect(tokenKind(token.slice(0, -1))).toBeNull();
    expect(tokenKind(`${token}0`)).toBeNull();
    expect(tokenKind("odk")).toBeNull();
    expect(tokenKind("")).toBeNull();
  });

  it("digests as SHA-256 hex and compares digests exactly", () => {
    expect(digest("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(digestsEqual(digest("a"), digest("a"))).toBe(true);
    expect(digestsEqual(digest("a"), digest("b"))).toBe(false);
    expect(digestsEqual(digest("a"), "00")).toBe(false);
  });
});
