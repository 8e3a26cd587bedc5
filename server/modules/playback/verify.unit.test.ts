import { createHmac } from "node:crypto";
import { CompactSign, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlaybackRefusal } from "../../../contract/playback-refusals.js";
import { createVerifiedTokens, verifyPlaybackToken, type KeyLookup, type PlaybackCheck } from "./verify.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const now = Math.floor(NOW / 1000);
const ORG = "org-a";
const OTHER_ORG = "org-b";
const STREAM = "6f9d2c1e-0000-4000-8000-000000000001";

let keyA: { publicKey: CryptoKey; privateKey: CryptoKey };
let keyB: { publicKey: CryptoKey; privateKey: CryptoKey };
let stranger: { publicKey: CryptoKey; privateKey: CryptoKey };
// Keys as the database holds them: each under its organisation.
let lookup: KeyLookup;

beforeAll(async () => {
  [keyA, keyB, stranger] = (await Promise.all([1, 2, 3].map(() => generateKeyPair("ES256")))) as [
    typeof keyA,
    typeof keyA,
    typeof keyA,
  ];
  const store = new Map([
    [`${ORG}:kid-a`, keyA.publicKey],
    [`${OTHER_ORG}:kid-b`, keyB.publicKey],
  ]);
  lookup = async (orgId, kid) => store.get(`${orgId}:${kid}`) ?? null;
});

function sign(claims: JWTPayload, opts: { kid?: string | null; key?: CryptoKey } = {}) {
  const kid = opts.kid === undefined ? "kid-a" : opts.kid;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", ...(kid !== null ? { kid } : {}) })
    .sign(opts.key ?? keyA.privateKey);
}

const valid = (extra: JWTPayload = {}): JWTPayload => ({ sub: STREAM, exp: now + 60, ...extra });

function check(token: string | null, over: Partial<PlaybackCheck> = {}) {
  return verifyPlaybackToken(
    { orgId: ORG, streamId: STREAM, streamTags: ["sports"], token, clientIp: "203.0.113.7", referer: null, ...over },
    lookup,
    NOW,
  );
}

async function refusal(token: string | null, over: Partial<PlaybackCheck> = {}): Promise<PlaybackRefusal | "ok"> {
  const v = await check(token, over);
  return v.ok ? "ok" : v.reason;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("verifyPlaybackToken", () => {
  it("accepts a token for this stream and returns its claims", async () => {
    const v = await check(await sign(valid({ uid: "viewer-7", org: ORG })));
    expect(v).toEqual({ ok: true, claims: { sub: STREAM, exp: now + 60, uid: "viewer-7", org: ORG } });
  });

  it("refuses no token, and garbage, as such", async () => {
    expect(await refusal(null)).toBe("token_missing");
    expect(await refusal("")).toBe("token_missing");
    expect(await refusal("not-a-token")).toBe("token_malformed");
    expect(await refusal("a.b.c")).toBe("token_malformed");
    // Signed properly, but what was signed is not a JSON claim set.
    const notJson = await new CompactSign(new TextEncoder().encode("not json"))
      .setProtectedHeader({ alg: "ES256", kid: "kid-a" })
      .sign(keyA.privateKey);
    expect(await refusal(notJson)).toBe("token_malformed");
    expect(await refusal("x".repeat(5000))).toBe("token_malformed");
  });

  it("refuses an expired token, and one not valid yet", async () => {
    expect(await refusal(await sign(valid({ exp: now - 1 })))).toBe("token_expired");
    expect(await refusal(await sign(valid({ exp: now })))).toBe("token_expired");
    expect(await refusal(await sign(valid({ nbf: now + 30 })))).toBe("token_not_yet_valid");
    expect(await refusal(await sign(valid({ nbf: now })))).toBe("ok");
  });

  it("requires exp, and numbers where the claims are times", async () => {
    expect(await refusal(await sign({ sub: STREAM }))).toBe("token_malformed");
    expect(await refusal(await sign(valid({ exp: "tomorrow" as never })))).toBe("token_malformed");
  });

  it("binds the token to one stream or one tag, exactly one of them", async () => {
    expect(await refusal(await sign(valid({ sub: "6f9d2c1e-0000-4000-8000-000000000002" })))).toBe(
      "token_wrong_stream",
    );
    expect(await refusal(await sign({ tag: "sports", exp: now + 60 }))).toBe("ok");
    expect(await refusal(await sign({ tag: "news", exp: now + 60 }))).toBe("token_wrong_tag");
    expect(await refusal(await sign({ tag: "Sports", exp: now + 60 }))).toBe("token_wrong_tag");
    expect(await refusal(await sign(valid({ tag: "sports" })))).toBe("token_malformed");
    expect(await refusal(await sign({ exp: now + 60 }))).toBe("token_malformed");
  });

  it("checks the client address against an address or a CIDR range", async () => {
    expect(await refusal(await sign(valid({ ip: "203.0.113.7" })))).toBe("ok");
    expect(await refusal(await sign(valid({ ip: "203.0.113.8" })))).toBe("token_wrong_ip");
    expect(await refusal(await sign(valid({ ip: "203.0.113.0/24" })))).toBe("ok");
    expect(await refusal(await sign(valid({ ip: "203.0.114.0/24" })))).toBe("token_wrong_ip");
    // nginx may hand over an IPv4 client as IPv4-mapped IPv6.
    expect(await refusal(await sign(valid({ ip: "203.0.113.0/24" })), { clientIp: "::ffff:203.0.113.9" })).toBe("ok");
    expect(await refusal(await sign(valid({ ip: "2001:db8::/32" })), { clientIp: "2001:db8:1::5" })).toBe("ok");
    expect(await refusal(await sign(valid({ ip: "2001:db8::/32" })))).toBe("token_wrong_ip");
    expect(await refusal(await sign(valid({ ip: "not-an-ip" })))).toBe("token_malformed");
  });

  it("checks the referring page's host: exactly, or with subdomains for a leading dot", async () => {
    const exact = await sign(valid({ dom: "example.com" }));
    expect(await refusal(exact, { referer: "https://example.com/watch?x=1" })).toBe("ok");
    expect(await refusal(exact, { referer: "https://EXAMPLE.com./" })).toBe("ok");
    expect(await refusal(exact, { referer: "https://www.example.com/" })).toBe("token_wrong_domain");
    expect(await refusal(exact, { referer: "https://example.com.evil.net/" })).toBe("token_wrong_domain");
    expect(await refusal(exact, { referer: null })).toBe("token_wrong_domain");
    expect(await refusal(exact, { referer: "not a url" })).toBe("token_wrong_domain");
    const subs = await sign(valid({ dom: ".example.com" }));
    expect(await refusal(subs, { referer: "https://example.com/" })).toBe("ok");
    expect(await refusal(subs, { referer: "http://a.b.example.com:8080/p" })).toBe("ok");
    expect(await refusal(subs, { referer: "https://badexample.com/" })).toBe("token_wrong_domain");
    expect(await refusal(await sign(valid({ dom: "https://example.com" })))).toBe("token_malformed");
  });

  it("refuses a key it does not know, and another organisation's key", async () => {
    expect(await refusal(await sign(valid(), { kid: "kid-zzz" }))).toBe("token_unknown_key");
    expect(await refusal(await sign(valid(), { kid: null }))).toBe("token_unknown_key");
    expect(await refusal(await sign(valid(), { kid: "kid-b", key: keyB.privateKey }))).toBe("token_unknown_key");
    // The key is this organisation's, yet the token names another one.
    expect(await refusal(await sign(valid({ org: OTHER_ORG })))).toBe("token_unknown_key");
  });

  it("refuses a token signed by another key under a known kid, or altered after signing", async () => {
    expect(await refusal(await sign(valid(), { key: stranger.privateKey }))).toBe("token_bad_signature");
    const [h, , s] = (await sign(valid())).split(".");
    expect(await refusal(`${h}.${b64(valid({ exp: now + 99999 }))}.${s}`)).toBe("token_bad_signature");
  });

  it('refuses alg "none", HS256 keyed with the public key, and every algorithm but ES256', async () => {
    const payload = b64(valid());
    expect(await refusal(`${b64({ alg: "none", kid: "kid-a" })}.${payload}.`)).toBe("token_bad_signature");
    expect(await refusal(`${b64({ alg: "none", kid: "kid-a" })}.${payload}`)).toBe("token_malformed");
    // The classic confusion: the verifier's public key used as an HMAC secret.
    const pem = await exportSPKI(keyA.publicKey);
    const header = b64({ alg: "HS256", kid: "kid-a" });
    const mac = createHmac("sha256", pem).update(`${header}.${payload}`).digest("base64url");
    expect(await refusal(`${header}.${payload}.${mac}`)).toBe("token_bad_signature");
    const es384 = await generateKeyPair("ES384");
    const other = await new SignJWT(valid()).setProtectedHeader({ alg: "ES384", kid: "kid-a" }).sign(es384.privateKey);
    expect(await refusal(other)).toBe("token_bad_signature");
  });
});

describe("verifyPlaybackToken with verified tokens remembered", () => {
  const at = (ms: number, token: string, over: Partial<PlaybackCheck> = {}, keys: KeyLookup = lookup) =>
    verifyPlaybackToken(
      { orgId: ORG, streamId: STREAM, streamTags: ["sports"], token, clientIp: "203.0.113.7", referer: null, ...over },
      keys,
      ms,
      cache,
    ).then((v) => (v.ok ? "ok" : v.reason));
  let cache = createVerifiedTokens();

  it("remembers a verified token and still judges its expiry, key and restrictions on every use", async () => {
    cache = createVerifiedTokens();
    const token = await sign(valid({ ip: "203.0.113.0/24", exp: now + 60 }));
    expect(await at(NOW, token)).toBe("ok");
    expect(cache.size).toBe(1);
    expect(await at(NOW + 1000, token)).toBe("ok");
    expect(await at(NOW + 1000, token, { clientIp: "198.51.100.1" })).toBe("token_wrong_ip");
    expect(await at(NOW + 1000, token, { streamId: "6f9d2c1e-0000-4000-8000-000000000002" })).toBe(
      "token_wrong_stream",
    );
    // Another organisation's stream never finds it: remembered per organisation.
    expect(await at(NOW + 1000, token, { orgId: OTHER_ORG })).toBe("token_unknown_key");
    // The key was deleted: refused, and forgotten.
    expect(await at(NOW + 1000, token, {}, async () => null)).toBe("token_unknown_key");
    expect(cache.size).toBe(0);
    expect(await at(NOW + 2000, token)).toBe("ok");
    // Expired at exp, like jose.
    expect(await at((now + 59) * 1000 + 999, token)).toBe("ok");
    expect(await at((now + 60) * 1000, token)).toBe("token_expired");
    expect(cache.size).toBe(0);
  });

  it("keeps nbf, reads tags only for a tag token, and never remembers a refused token", async () => {
    cache = createVerifiedTokens();
    const later = await sign(valid({ nbf: now + 30 }));
    expect(await at(NOW, later)).toBe("token_not_yet_valid");
    expect(cache.size).toBe(0);
    expect(await at(NOW + 30_000, later)).toBe("ok");
    expect(await at(NOW + 29_000, later)).toBe("token_not_yet_valid");

    let reads = 0;
    const tags = async () => {
      reads++;
      return ["sports"];
    };
    expect(await at(NOW, await sign(valid()), { streamTags: tags })).toBe("ok");
    expect(reads).toBe(0);
    const tagged = await sign({ tag: "sports", exp: now + 60 });
    expect(await at(NOW, tagged, { streamTags: tags })).toBe("ok");
    expect(await at(NOW, tagged, { streamTags: async () => ["news"] })).toBe("token_wrong_tag");
    expect(reads).toBe(1);

    const size = cache.size;
    expect(await at(NOW, await sign(valid(), { key: stranger.privateKey }))).toBe("token_bad_signature");
    expect(await at(NOW, await sign(valid({ exp: now - 1 })))).toBe("token_expired");
    expect(cache.size).toBe(size);
  });

  it("drops the oldest tenth when full", () => {
    const small = createVerifiedTokens(10);
    const claims = { sub: STREAM, exp: now + 60 };
    for (let i = 0; i < 10; i++) small.set(ORG, `t${i}`, { kid: "kid-a", claims });
    small.set(ORG, "t10", { kid: "kid-a", claims });
    expect(small.size).toBe(10);
    expect(small.get(ORG, "t0")).toBeUndefined();
    expect(small.get(ORG, "t10")).toBeDefined();
  });
});
