import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCaptureTokens } from "./capture-token.js";

const A = "6f1c2a8e-1111-4222-8333-444455556666";
const B = "6f1c2a8e-1111-4222-8333-444455557777";

describe("capture tokens", () => {
  const key = randomBytes(32);
  const tokens = createCaptureTokens(key);
  const now = 1_800_000_000_000;

  it("accepts its own token for its stream until it expires", () => {
    const t = tokens.mint(A, now + 30_000);
    expect(t).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(tokens.verify(t, A, now)).toBe(true);
    expect(tokens.verify(t, A, now + 30_000)).toBe(false);
    expect(tokens.verify(t, B, now)).toBe(false);
  });

  it("refuses another key's token, a changed expiry, a playback JWT and garbage", () => {
    const other = createCaptureTokens(randomBytes(32)).mint(A, now + 30_000);
    expect(tokens.verify(other, A, now)).toBe(false);
    const [p, exp, mac] = tokens.mint(A, now + 30_000).split(".");
    expect(tokens.verify(`${p}.${Number(exp) + 3600}.${mac}`, A, now)).toBe(false);
    expect(tokens.verify("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", A, now)).toBe(false);
    for (const bad of ["", "odcap1", "odcap1..", `odcap1.${exp}.`, `odcap1.1e9.${mac}`])
      expect(tokens.verify(bad, A, now), bad).toBe(false);
  });
});
