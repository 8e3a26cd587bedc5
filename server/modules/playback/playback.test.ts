import { randomBytes } from "node:crypto";
import { importPKCS8, SignJWT } from "jose";
import { expect, it } from "vitest";
import { buildOrg, buildUser, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { createKeyring } from "../../platform/keyring.js";
import { createKeyStore } from "./signing-keys.js";

/** Playback tokens and signing keys through HTTP, verified as the playback endpoint does (verifyPlayback). */
describeEachDatabase("playback tokens and keys", (server) => {
  const secureOrg = (s: TestServer) => buildOrg(s, { packages: ["h5live", "secure"] });
  const post = (s: TestServer, org: TestOrg | { headers: Record<string, string> }, url: string, payload: object = {}) =>
    s.request({ method: "POST", url, headers: "admin" in org ? org.admin.headers : org.headers, payload });
  const newStream = (s: TestServer, org: TestOrg, tags: string[] = []) =>
    s.services.streams.createStreamForOrg(org, { tags });
  const viewer = { clientIp: "203.0.113.7", referer: null };

  it("mints a token for one stream that verifies for it and no other", async () => {
    const s = server();
    const org = await secureOrg(s);
    const [a, b] = [await newStream(s, org), await newStream(s, org)];
    const res = await post(s, org, `/api/stream/${a.id}/playback-token`, {
      expiresIn: 600,
      clientIp: "203.0.113.0/24",
      domain: ".Example.com",
      userId: "viewer-42",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const { token, expiresAt, claims } = res.json();
    const now = s.clock.now() / 1000;
    expect(claims).toEqual({
      sub: a.id,
      exp: now + 600,
      ip: "203.0.113.0/24",
      dom: ".example.com",
      uid: "viewer-42",
    });
    expect(expiresAt).toBe(new Date((now + 600) * 1000).toISOString());
    const check = (streamId: string, over: object = {}) =>
      s.services.playback.verifyPlayback({
        orgId: org.id,
        streamId,
        streamTags: [],
        token,
        ...viewer,
        referer: "https://www.example.com/live",
        ...over,
      });
    expect(await check(a.id)).toEqual({ ok: true, claims });
    expect(await check(b.id)).toEqual({ ok: false, reason: "token_wrong_stream" });
    expect(await check(a.id, { clientIp: "198.51.100.1" })).toEqual({ ok: false, reason: "token_wrong_ip" });
    expect(await check(a.id, { referer: "https://example.org/" })).toEqual({ ok: false, reason: "token_wrong_domain" });
    s.clock.advance(601_000);
    expect(await check(a.id)).toEqual({ ok: false, reason: "token_expired" });
  });

  it("keeps a stream token short enough for an RTMP play: nginx-rtmp keeps only 256 bytes of its arguments", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const res = await post(s, org, `/api/stream/${stream.id}/playback-token`, { expiresIn: 30 * 24 * 3600 });
    expect(res.statusCode, res.body).toBe(200);
    const { token } = res.json();
    expect(`token=${token}`.length).toBeLessThanOrEqual(256);
    expect(
      await s.services.playback.verifyPlayback({
        orgId: org.id,
        streamId: stream.id,
        streamTags: [],
        token,
        ...viewer,
      }),
    ).toMatchObject({ ok: true });
  });

  it("mints a token for a tag of the organisation; another organisation's tag reads as missing", async () => {
    const s = server();
    const org = await secureOrg(s);
    const other = await secureOrg(s);
    const tagged = await newStream(s, org, ["sports"]);
    await newStream(s, other, ["only-theirs"]);
    const res = await post(s, org, "/api/playback-token", { tag: "sports", notBefore: 60 });
    expect(res.statusCode, res.body).toBe(200);
    const { token, claims } = res.json();
    expect(claims).toMatchObject({ tag: "sports", nbf: s.clock.now() / 1000 + 60, exp: s.clock.now() / 1000 + 3660 });
    const check = (tags: string[]) =>
      s.services.playback.verifyPlayback({ orgId: org.id, streamId: tagged.id, streamTags: tags, token, ...viewer });
    expect(await check(["sports"])).toEqual({ ok: false, reason: "token_not_yet_valid" });
    s.clock.advance(60_000);
    expect(await check(["sports"])).toMatchObject({ ok: true });
    expect(await check(["news"])).toEqual({ ok: false, reason: "token_wrong_tag" });

    for (const tag of ["only-theirs", "never-used"]) {
      const missing = await post(s, org, "/api/playback-token", { tag });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe("not_found");
    }
  });

  it("refuses bad options with a 400 naming the field, and writes nothing", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const url = `/api/stream/${stream.id}/playback-token`;
    const cases: Array<[object, RegExp]> = [
      [{ expiresIn: 30 * 86400 + 1 }, /^expiresIn: .*30 days/],
      [{ expiresIn: 0 }, /^expiresIn/],
      [{ expiresIn: 1.5 }, /^expiresIn/],
      [{ notBefore: "next tuesday" }, /^notBefore/],
      [{ notBefore: "2027-01-01T00:00:00Z" }, /notBefore must be at most 30 days/],
      [{ clientIp: "203.0.113.300" }, /clientIp must be an IP address or a CIDR range/],
      [{ clientIp: "10.0.0.0/40" }, /clientIp/],
      [{ domain: "https://example.com/path" }, /^domain/],
      [{ userId: "" }, /^userId/],
      [{ tag: "sports" }, /unknown field: tag/],
    ];
    for (const [payload, message] of cases) {
      const res = await post(s, org, url, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.message, JSON.stringify(payload)).toMatch(message);
    }
    const rows = await s.database.db.selectFrom("playback_keys").selectAll().where("org_id", "=", org.id).execute();
    expect(rows).toEqual([]);
    expect((await post(s, org, "/api/stream/not-a-stream/playback-token")).statusCode).toBe(404);
  });

  it("needs the Secure package: 403 package_required naming it", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const stream = await newStream(s, org, ["sports"]);
    for (const [url, payload] of [
      [`/api/stream/${stream.id}/playback-token`, {}],
      ["/api/playback-token", { tag: "sports" }],
      ["/api/playback-key", {}],
    ] as const) {
      const res = await post(s, org, url, payload);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatchObject({ code: "package_required", message: expect.stringMatching(/Secure/) });
    }
    expect((await s.request({ method: "GET", url: "/api/playback-key", headers: org.admin.headers })).statusCode).toBe(
      200,
    );
  });

  it("lets nanoUser mint but not manage keys, and nanoReadOnly do neither", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const user = await buildUser(s, org, "nanoUser");
    const reader = await buildUser(s, org, "nanoReadOnly");
    const mint = `/api/stream/${stream.id}/playback-token`;
    expect((await post(s, user, mint)).statusCode).toBe(200);
    expect((await post(s, user, "/api/playback-key")).statusCode).toBe(403);
    expect((await post(s, reader, mint)).statusCode).toBe(403);
    expect((await post(s, reader, "/api/playback-key")).statusCode).toBe(403);
    for (const m of [user, reader])
      expect((await s.request({ method: "GET", url: "/api/playback-key", headers: m.headers })).statusCode).toBe(403);
  });

  it("keeps tokens valid across the minting member's token-key reset", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const user = await buildUser(s, org, "nanoUser");
    const { token } = (await post(s, user, `/api/stream/${stream.id}/playback-token`)).json();
    const reset = await s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: org.admin.headers,
      payload: { userId: user.id },
    });
    expect(reset.statusCode).toBe(200);
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: user.headers })).statusCode).toBe(401);
    const v = await s.services.playback.verifyPlayback({
      orgId: org.id,
      streamId: stream.id,
      streamTags: [],
      token,
      ...viewer,
    });
    expect(v.ok).toBe(true);
  });

  it("creates a signing key whose private half is answered once and stored nowhere; self-signed tokens verify", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const res = await post(s, org, "/api/playback-key", { name: "backend" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const key = res.json();
    expect(Object.keys(key).sort()).toEqual(["createdAt", "id", "kid", "name", "privateKey"]);
    expect(key.name).toBe("backend");
    expect(key.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/);

    const list = await s.request({ method: "GET", url: "/api/playback-key", headers: org.admin.headers });
    expect(list.json()).toEqual({ keys: [{ id: key.id, kid: key.kid, name: "backend", createdAt: key.createdAt }] });
    const row = await s.database.db.selectFrom("playback_keys").selectAll().where("id", "=", key.id).executeTakeFirst();
    expect(row).toMatchObject({ org_id: org.id, kid: key.kid, private_key_enc: null, held_by: null });
    const pemBody = key.privateKey.split("\n")[1];
    const audit = await s.database.db.selectFrom("audit_events").selectAll().where("org_id", "=", org.id).execute();
    expect(audit.find((a) => a.action === "playback_key_created")).toMatchObject({ target: key.kid });
    expect(JSON.stringify([row, audit])).not.toContain(pemBody);

    // As a customer's backend does it: jose, the PEM, the kid.
    const signed = await new SignJWT({ sub: stream.id, uid: "u-1" })
      .setProtectedHeader({ alg: "ES256", kid: key.kid })
      .setExpirationTime(s.clock.now() / 1000 + 300)
      .sign(await importPKCS8(key.privateKey, "ES256"));
    const v = await s.services.playback.verifyPlayback({
      orgId: org.id,
      streamId: stream.id,
      streamTags: [],
      token: signed,
      ...viewer,
    });
    expect(v).toEqual({ ok: true, claims: { sub: stream.id, uid: "u-1", exp: s.clock.now() / 1000 + 300 } });
  });

  it("refuses a deleted key's tokens: at once here, within 5 s on every instance", async () => {
    const s = server();
    const org = await secureOrg(s);
    const stream = await newStream(s, org);
    const selfSigned = async (key: { kid: string; privateKey: string }) =>
      new SignJWT({ sub: stream.id })
        .setProtectedHeader({ alg: "ES256", kid: key.kid })
        .setExpirationTime(s.clock.now() / 1000 + 3600)
        .sign(await importPKCS8(key.privateKey, "ES256"));
    const check = (token: string) =>
      s.services.playback.verifyPlayback({ orgId: org.id, streamId: stream.id, streamTags: [], token, ...viewer });

    const k1 = (await post(s, org, "/api/playback-key")).json();
    const t1 = await selfSigned(k1);
    expect((await check(t1)).ok).toBe(true);
    const del = await s.request({ method: "DELETE", url: `/api/playback-key/${k1.id}`, headers: org.admin.headers });
    expect(del.statusCode).toBe(200);
    expect(await check(t1)).toEqual({ ok: false, reason: "token_unknown_key" });
    const audit = await s.database.db
      .selectFrom("audit_events")
      .selectAll()
      .where("org_id", "=", org.id)
      .where("action", "=", "playback_key_deleted")
      .execute();
    expect(audit).toMatchObject([{ target: k1.kid }]);

    // Deleted by another instance: this one's cached lookup ends within 5 s of its clock.
    const k2 = (await post(s, org, "/api/playback-key")).json();
    const t2 = await selfSigned(k2);
    expect((await check(t2)).ok).toBe(true);
    await s.database.db.deleteFrom("playback_keys").where("id", "=", k2.id).execute();
    expect((await check(t2)).ok, "served from this instance's cache").toBe(true);
    s.clock.advance(5_000);
    expect(await check(t2)).toEqual({ ok: false, reason: "token_unknown_key" });
  });

  it("keeps organisations apart: another organisation's key id is 404, its tokens never verify here", async () => {
    const s = server();
    const org = await secureOrg(s);
    const other = await secureOrg(s);
    const theirs = (await post(s, other, "/api/playback-key")).json();
    const del = await s.request({
      method: "DELETE",
      url: `/api/playback-key/${theirs.id}`,
      headers: org.admin.headers,
    });
    expect(del.statusCode).toBe(404);
    const still = await s.database.db.selectFrom("playback_keys").select("id").where("id", "=", theirs.id).execute();
    expect(still).toHaveLength(1);

    // Their token for their stream, presented for ours (and for theirs under our organisation).
    const ours = await newStream(s, org);
    const theirStream = await newStream(s, other);
    const minted = (await post(s, other, `/api/stream/${theirStream.id}/playback-token`)).json();
    const forged = await new SignJWT({ sub: ours.id })
      .setProtectedHeader({ alg: "ES256", kid: theirs.kid })
      .setExpirationTime(s.clock.now() / 1000 + 60)
      .sign(await importPKCS8(theirs.privateKey, "ES256"));
    for (const [token, streamId] of [
      [minted.token, theirStream.id],
      [forged, ours.id],
    ])
      expect(
        await s.services.playback.verifyPlayback({ orgId: org.id, streamId, streamTags: [], token, ...viewer }),
      ).toEqual({ ok: false, reason: "token_unknown_key" });

    // orgdeck's own minting key is neither listed nor deletable.
    const held = await s.database.db
      .selectFrom("playback_keys")
      .select("id")
      .where("org_id", "=", other.id)
      .where("held_by", "=", "orgdeck")
      .executeTakeFirstOrThrow();
    const listed = (await s.request({ method: "GET", url: "/api/playback-key", headers: other.admin.headers })).json();
    expect(listed.keys.map((k: { id: string }) => k.id)).toEqual([theirs.id]);
    const heldDelete = await s.request({
      method: "DELETE",
      url: `/api/playback-key/${held.id}`,
      headers: other.admin.headers,
    });
    expect(heldDelete.statusCode).toBe(404);
  });

  it("allows 5 keys: the 6th is 409 quota_exceeded until one is deleted", async () => {
    const s = server();
    const org = await secureOrg(s);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await post(s, org, "/api/playback-key", { name: `key ${i}` });
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
    }
    const sixth = await post(s, org, "/api/playback-key");
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().error).toMatchObject({ code: "quota_exceeded", message: expect.stringMatching(/at most 5/) });
    // Minting with orgdeck's own key does not count against the customer's five.
    const stream = await newStream(s, org);
    expect((await post(s, org, `/api/stream/${stream.id}/playback-token`)).statusCode).toBe(200);
    await s.request({ method: "DELETE", url: `/api/playback-key/${ids[0]}`, headers: org.admin.headers });
    expect((await post(s, org, "/api/playback-key")).statusCode).toBe(201);
  });

  it("makes one minting key per organisation even when the first mints of several instances race", async () => {
    const s = server();
    const org = await secureOrg(s);
    // Five instances with nothing cached (their own key stores), sharing one server key.
    const keyring = createKeyring(randomBytes(32));
    const stores = Array.from({ length: 5 }, () => createKeyStore({ db: s.database.db, clock: s.clock, keyring }));
    const signers = await Promise.all(stores.map((k) => k.signingKey(org.id)));
    const held = await s.database.db
      .selectFrom("playback_keys")
      .selectAll()
      .where("org_id", "=", org.id)
      .where("held_by", "=", "orgdeck")
      .execute();
    expect(held).toHaveLength(1);
    expect(held[0]!.private_key_enc).not.toContain("PRIVATE KEY");
    expect(new Set(signers.map((k) => k.kid))).toEqual(new Set([held[0]!.kid]));
  });
});
