import { generateKeyPair, SignJWT } from "jose";
import { expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";

const SECRET = "playback-auth-secret";
const ENV = { ORGDECK_INGEST_SECRET: SECRET };

/** nginx's auth_request for one HLS request of a viewer. */
function ask(s: TestServer, uri: string, opts: { ip?: string; secret?: string; referer?: string } = {}) {
  return s.request({
    method: "GET",
    url: `/api/ingest/playback?secret=${encodeURIComponent(opts.secret ?? SECRET)}&node=127.0.0.1:1`,
    headers: {
      "x-original-uri": uri,
      "x-real-ip": opts.ip ?? "198.51.100.7",
      ...(opts.referer ? { referer: opts.referer } : {}),
    },
  });
}

function rtmp(s: TestServer, fields: Record<string, string>) {
  return s.request({
    method: "POST",
    url: `/api/ingest/rtmp?secret=${SECRET}&node=127.0.0.1:1`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });
}

async function liveStream(s: TestServer, org: TestOrg, app = "live") {
  const st = await s.services.streams.createStreamForOrg(org, { tags: ["hls"] });
  expect((await rtmp(s, { call: "publish", name: st.name, app, addr: "192.0.2.1" })).statusCode).toBe(200);
  return st;
}

async function viewers(s: TestServer, org: TestOrg, id: string): Promise<number | undefined> {
  await s.services.ingest.flush();
  const res = await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers });
  return res.json<{ live?: { viewers: number } }>().live?.viewers;
}

async function reasons(s: TestServer, streamId: string, call = "hls"): Promise<string[]> {
  await s.services.ingest.flush();
  const rows = await s.database.db
    .selectFrom("ingest_calls")
    .select(["reason", "decision"])
    .where("stream_id", "=", streamId)
    .where("call", "=", call)
    .orderBy("id")
    .execute();
  return rows.map((r) => `${r.decision}: ${r.reason}`);
}

describeEachDatabase(
  "HLS playback authorisation (nginx auth_request)",
  (server) => {
    it("needs the ingest secret and nginx's headers", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await liveStream(s, org);
      expect((await ask(s, `/hls/${st.id}/index.m3u8`, { secret: "wrong" })).statusCode).toBe(401);
      const bare = await s.request({ method: "GET", url: `/api/ingest/playback?secret=${SECRET}` });
      expect(bare.statusCode).toBe(400);
      expect(bare.json().error.message).toMatch(/X-Original-URI/);
    });

    it("allows a live stream of an organisation with H5Live: 204 naming its HLS folder, never in a body", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live"] });
      const st = await liveStream(s, org);
      for (const file of ["index.m3u8", "17.ts"]) {
        const res = await ask(s, `/hls/${st.id}/${file}?token=whatever.not-needed_here`);
        expect(res.statusCode).toBe(204);
        expect(res.headers["x-stream-name"]).toBe(st.name);
        expect(res.headers["x-stream-app"]).toBe("live");
        expect(res.body).toBe("");
      }
      const rec = await liveStream(
        s,
        (await buildOrg(s, { packages: ["h5live", "liveProcessing"] })) as TestOrg,
        "rec",
      );
      expect((await ask(s, `/hls/${rec.id}/index.m3u8`)).headers["x-stream-app"]).toBe("rec");
      expect(await reasons(s, st.id)).toEqual(["allow: HLS viewer started"]);
    });

    it("refuses, with the reason in the call log: not live, locked, deleted, unknown, no H5Live, odd URIs and tokens", async () => {
      const s = server();
      const org = await buildOrg(s);
      const created = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await ask(s, `/hls/${created.id}/index.m3u8`)).statusCode).toBe(403);
      expect(await reasons(s, created.id)).toEqual(["deny: stream is created, not live"]);

      const locked = await liveStream(s, org);
      expect((await ask(s, `/hls/${locked.id}/index.m3u8`)).statusCode).toBe(204);
      const lock = await s.request({
        method: "POST",
        url: `/api/stream/${locked.id}/lock`,
        headers: org.admin.headers,
      });
      expect(lock.statusCode).toBe(200);
      expect((await ask(s, `/hls/${locked.id}/index.m3u8`)).statusCode).toBe(403);
      expect((await reasons(s, locked.id)).at(-1)).toBe("deny: stream is locked");

      const deleted = await liveStream(s, org);
      expect(
        (await s.request({ method: "DELETE", url: `/api/stream/${deleted.id}`, headers: org.admin.headers }))
          .statusCode,
      ).toBe(200);
      expect((await ask(s, `/hls/${deleted.id}/index.m3u8`)).statusCode).toBe(403);
      expect((await reasons(s, deleted.id)).at(-1)).toBe("deny: stream is deleted");

      const noH5 = await buildOrg(s, { packages: ["vod"] });
      const off = await liveStream(s, noH5);
      const refused = await ask(s, `/hls/${off.id}/index.m3u8`);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toBe("Forbidden");
      expect(await reasons(s, off.id)).toEqual(["deny: no H5Live package: playback is off"]);

      const live = await liveStream(s, org);
      for (const uri of [
        `/hls/${crypto.randomUUID()}/index.m3u8`,
        `/hls/${live.id}/../../etc/passwd`,
        `/hls/${live.id}/index.mp4`,
        `/hls/${live.name}/index.m3u8`,
        `/vod/${live.id}/index.m3u8`,
        `/hls/${live.id}/index.m3u8?token=%0A%23EXT-X-ENDLIST`,
        `/hls/${live.id}/index.m3u8?token=a"b`,
      ])
        expect((await ask(s, uri)).statusCode, uri).toBe(403);
      expect(await reasons(s, live.id)).toEqual(["deny: token_malformed", "deny: token_malformed"]);
    });

    it("counts an HLS viewer per address while it fetches, and not 30 s after its last request", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await liveStream(s, org);
      // nginx's periodic update: with the clock moved by hand, the stream would otherwise be marked ended.
      const onAir = async () =>
        expect(
          (await rtmp(s, { call: "update_publish", name: st.name, app: "live", addr: "192.0.2.1" })).statusCode,
        ).toBe(200);
      expect(await viewers(s, org, st.id)).toBe(0);
      for (const ip of ["198.51.100.1", "198.51.100.2"])
        for (const file of ["index.m3u8", "1.ts", "2.ts"])
          expect((await ask(s, `/hls/${st.id}/${file}`, { ip })).statusCode).toBe(204);
      expect(await viewers(s, org, st.id)).toBe(2);
      // One keeps fetching every 4 s for a minute; the other stops.
      for (let t = 0; t < 15; t++) {
        s.clock.advance(4_000);
        await ask(s, `/hls/${st.id}/${t + 3}.ts`, { ip: "198.51.100.1" });
        await onAir();
        await s.services.ingest.flush();
        if (t === 8) expect(await viewers(s, org, st.id)).toBe(1);
      }
      expect(await viewers(s, org, st.id)).toBe(1);
      s.clock.advance(20_000);
      await onAir();
      s.clock.advance(11_000);
      expect(await viewers(s, org, st.id)).toBe(0);
      // RTMP players and HLS viewers add up.
      await ask(s, `/hls/${st.id}/index.m3u8`, { ip: "198.51.100.3" });
      expect((await rtmp(s, { call: "play", name: st.id, app: "live", addr: "203.0.113.9" })).statusCode).toBe(302);
      expect(await viewers(s, org, st.id)).toBe(2);
    });

    it("counts a viewer seen by two instances once", async () => {
      const s = server();
      const peer = await s.startPeer();
      let closed = false;
      try {
        const org = await buildOrg(s);
        const st = await liveStream(s, org);
        await ask(s, `/hls/${st.id}/index.m3u8`, { ip: "198.51.100.50" });
        await peer.request({
          method: "GET",
          url: `/api/ingest/playback?secret=${SECRET}`,
          headers: { "x-original-uri": `/hls/${st.id}/1.ts`, "x-real-ip": "198.51.100.50" },
        });
        await peer.request({
          method: "GET",
          url: `/api/ingest/playback?secret=${SECRET}`,
          headers: { "x-original-uri": `/hls/${st.id}/1.ts`, "x-real-ip": "198.51.100.51" },
        });
        // Closing flushes the peer's sightings.
        await peer.close();
        closed = true;
        expect(await viewers(s, org, st.id)).toBe(2);
      } finally {
        if (!closed) await peer.close();
      }
    });
  },
  ENV,
);

describeEachDatabase(
  "Secure playback: HLS and RTMP plays need a valid token",
  (server) => {
    it("refuses no token, garbage, expired, another stream's, another address's and a stranger's key; plays a valid one", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await liveStream(s, org);
      const other = await liveStream(s, org);
      const mint = async (opts: { expiresIn?: number; clientIp?: string } = {}, streamId = st.id) =>
        (await s.services.playback.mintPlaybackToken(org.id, { streamId }, opts)).token;
      const uri = (token?: string) => `/hls/${st.id}/index.m3u8${token === undefined ? "" : `?token=${token}`}`;

      const valid = await mint();
      expect((await ask(s, uri(valid))).statusCode).toBe(204);
      expect((await ask(s, `/hls/${st.id}/3.ts?token=${valid}`)).statusCode).toBe(204);
      expect((await ask(s, uri())).statusCode).toBe(403);
      expect((await ask(s, uri("abc.def.ghi"))).statusCode).toBe(403);
      expect((await ask(s, uri(await mint({}, other.id)))).statusCode).toBe(403);
      expect((await ask(s, uri(await mint({ clientIp: "203.0.113.0/24" })))).statusCode).toBe(403);
      expect((await ask(s, uri(await mint({ clientIp: "198.51.100.0/24" })))).statusCode).toBe(204);
      const stranger = await generateKeyPair("ES256");
      const forged = await new SignJWT({ sub: st.id, org: org.id })
        .setProtectedHeader({ alg: "ES256", kid: "not-a-key-of-ours" })
        .setExpirationTime(Math.floor(s.clock.now() / 1000) + 600)
        .sign(stranger.privateKey);
      expect((await ask(s, uri(forged))).statusCode).toBe(403);
      const shortLived = await mint({ expiresIn: 60 });
      expect((await ask(s, uri(shortLived))).statusCode).toBe(204);
      // A minute on, with nginx's updates keeping the stream live meanwhile.
      for (const step of [25_000, 25_000, 11_000]) {
        s.clock.advance(step);
        await rtmp(s, { call: "update_publish", name: st.name, app: "live", addr: "192.0.2.1" });
      }
      expect((await ask(s, uri(shortLived))).statusCode).toBe(403);
      expect((await reasons(s, st.id)).filter((r) => r.startsWith("deny"))).toEqual([
        "deny: token_missing",
        "deny: token_malformed",
        "deny: token_wrong_stream",
        "deny: token_wrong_ip",
        "deny: token_unknown_key",
        "deny: token_expired",
      ]);
    });

    it("a domain-restricted token plays in orgdeck's embed page framed by that site, from the viewer's address only", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await liveStream(s, org);
      const { token } = await s.services.playback.mintPlaybackToken(
        org.id,
        { streamId: st.id },
        { domain: ".customer.example" },
      );
      const uri = (t: string) => `/hls/${st.id}/index.m3u8?token=${t}`;
      // A player on the customer's own page sends that page as Referer.
      expect((await ask(s, uri(token), { referer: "https://www.customer.example/live" })).statusCode).toBe(204);
      expect((await ask(s, uri(token))).statusCode).toBe(403);

      // In orgdeck's iframe, the page's navigation carries the framing site; the player gets a pass.
      const embed = (referer?: string, ip = "198.51.100.7") =>
        s.request({
          method: "GET",
          url: `/embed/${st.id}?token=${token}`,
          remoteAddress: ip,
          headers: referer ? { referer } : {},
        });
      const passOf = (html: string) => /data-token="([^"]+)"/.exec(html)?.[1];
      const framed = await embed("https://www.customer.example/watch?x=1");
      expect(framed.statusCode).toBe(200);
      const pass = passOf(framed.body)!;
      expect(pass.startsWith(`${token}.`)).toBe(true);
      expect((await ask(s, uri(pass))).statusCode).toBe(204);
      expect((await ask(s, `/hls/${st.id}/4.ts?token=${pass}`)).statusCode).toBe(204);
      // Useless from another address, or altered to name another site.
      expect((await ask(s, uri(pass), { ip: "203.0.113.9" })).statusCode).toBe(403);
      const parts = pass.split(".");
      parts[3] = Buffer.from("evil.example").toString("base64url");
      expect((await ask(s, uri(parts.join(".")))).statusCode).toBe(403);
      // Framed by another site: its pass names that site, which the token does not allow.
      expect((await ask(s, uri(passOf((await embed("https://evil.example/")).body)!))).statusCode).toBe(403);
      // No framing site, or a token without a domain: no pass, the page's own token as before.
      expect(passOf((await embed()).body)).toBeUndefined();
      const plain = (await s.services.playback.mintPlaybackToken(org.id, { streamId: st.id }, {})).token;
      const unrestricted = await s.request({
        method: "GET",
        url: `/embed/${st.id}?token=${plain}`,
        headers: { referer: "https://www.customer.example/" },
      });
      expect(passOf(unrestricted.body)).toBeUndefined();
      expect((await reasons(s, st.id)).filter((r) => r.startsWith("deny"))).toEqual([
        "deny: token_wrong_domain",
        "deny: token_malformed",
        "deny: token_malformed",
        "deny: token_wrong_domain",
      ]);
    });

    it("RTMP: a play by id with a valid token is redirected to the name; without one it is refused", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await liveStream(s, org);
      const { token } = await s.services.playback.mintPlaybackToken(org.id, { streamId: st.id });
      const play = (extra: Record<string, string>) =>
        rtmp(s, { call: "play", name: st.id, app: "live", addr: "203.0.113.4", ...extra });
      expect((await play({})).statusCode).toBe(403);
      const ok = await play({ token });
      expect(ok.statusCode).toBe(302);
      expect(ok.headers.location).toBe(st.name);
      expect(await reasons(s, st.id, "play")).toEqual(["deny: token_missing", "allow: no webhook configured"]);
    });
  },
  ENV,
);

describeEachDatabase(
  "RTMP players: by stream id, and the packages",
  (server) => {
    it("plays by stream id through a redirect to the name; later calls by id count the viewer in and out", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await liveStream(s, org);
      const res = await rtmp(s, { call: "play", name: st.id, app: "live", addr: "203.0.113.1", clientid: "5" });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe(st.name);
      expect(await viewers(s, org, st.id)).toBe(1);
      expect((await rtmp(s, { call: "update_play", name: st.id, app: "live", addr: "203.0.113.1" })).statusCode).toBe(
        200,
      );
      expect((await rtmp(s, { call: "play_done", name: st.id, app: "live", addr: "203.0.113.1" })).statusCode).toBe(
        200,
      );
      expect(await viewers(s, org, st.id)).toBe(0);
      // By name it plays as before, without a redirect.
      expect((await rtmp(s, { call: "play", name: st.name, app: "live", addr: "203.0.113.1" })).statusCode).toBe(200);
      // An id never names a stream to publish to.
      expect((await rtmp(s, { call: "publish", name: st.id, app: "live", addr: "203.0.113.1" })).statusCode).toBe(403);
    });

    it("refuses a play without H5Live and a stream that is not live, with the reason", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const st = await liveStream(s, org);
      expect((await rtmp(s, { call: "play", name: st.id, app: "live", addr: "203.0.113.1" })).statusCode).toBe(403);
      expect((await rtmp(s, { call: "update_play", name: st.name, app: "live", addr: "203.0.113.1" })).statusCode).toBe(
        403,
      );
      expect(await reasons(s, st.id, "play")).toEqual(["deny: no H5Live package: playback is off"]);
      const other = await buildOrg(s);
      const idle = await s.services.streams.createStreamForOrg(other, { tags: [] });
      expect((await rtmp(s, { call: "play", name: idle.id, app: "live", addr: "203.0.113.1" })).statusCode).toBe(403);
      expect(await reasons(s, idle.id, "play")).toEqual(["deny: stream is created, not live"]);
    });

    it("refuses publishing to rec without Live Processing's recording; live is unaffected", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live", "liveProcessing.thumbnail"] });
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await rtmp(s, { call: "publish", name: st.name, app: "rec", addr: "192.0.2.1" })).statusCode).toBe(403);
      expect(await reasons(s, st.id, "publish")).toEqual([
        "deny: no Live Processing Recording feature: publishing to rec is off",
      ]);
      expect((await rtmp(s, { call: "publish", name: st.name, app: "live", addr: "192.0.2.1" })).statusCode).toBe(200);
      const withRec = await buildOrg(s, { packages: ["liveProcessing.recording"] });
      const recorded = await s.services.streams.createStreamForOrg(withRec, { tags: [] });
      expect((await rtmp(s, { call: "publish", name: recorded.name, app: "rec", addr: "192.0.2.1" })).statusCode).toBe(
        200,
      );
    });
  },
  ENV,
);
