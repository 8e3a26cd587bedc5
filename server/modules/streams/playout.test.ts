import { decodeJwt, decodeProtectedHeader } from "jose";
import { expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg } from "../../test/factories.js";

type Org = Awaited<ReturnType<typeof buildOrg>>;

async function create(s: TestServer, org: Org) {
  const res = await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: {} });
  expect(res.statusCode).toBe(201);
  return res.json();
}

const get = (s: TestServer, org: Org, url: string) => s.request({ method: "GET", url, headers: org.admin.headers });

describeEachDatabase("stream playout URLs", (server) => {
  it("gives every stream answer absolute viewer URLs by id when the organisation has H5Live", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const created = await create(s, org);
    const expected = {
      hls: `http://orgdeck.test:8080/hls/${created.id}/index.m3u8`,
      rtmp: `rtmp://orgdeck.test:1935/live/${created.id}`,
      embed: `http://orgdeck.test/embed/${created.id}`,
    };
    expect(created.playout).toEqual(expected);
    expect((await get(s, org, `/api/stream/${created.id}`)).json().playout).toEqual(expected);
    const listed = (await get(s, org, "/api/stream")).json().streams;
    expect(listed.find((x: { id: string }) => x.id === created.id).playout).toEqual(expected);
    const tagged = await s.request({
      method: "PUT",
      url: `/api/stream/${created.id}/tag`,
      headers: org.admin.headers,
      payload: { tags: ["x"] },
    });
    expect(tagged.json().playout).toEqual(expected);
    const locked = await s.request({
      method: "POST",
      url: `/api/stream/${created.id}/lock`,
      headers: org.admin.headers,
    });
    expect(locked.json().playout).toEqual(expected);
    // The name is the publishing key: it must not reach a viewer's URL.
    expect(JSON.stringify(created.playout)).not.toContain(created.name);
  });

  it("leaves playout out without H5Live", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod", "secure"] });
    const created = await create(s, org);
    expect(created).not.toHaveProperty("playout");
    expect((await get(s, org, `/api/stream/${created.id}`)).json()).not.toHaveProperty("playout");
    const listed = (await get(s, org, "/api/stream")).json().streams;
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty("playout");
  });

  it("tells anyone the viewer URLs in the public stream information, without a token", async () => {
    const s = server();
    const open = await buildOrg(s, { packages: ["h5live"] });
    const secure = await buildOrg(s, { packages: ["h5live", "secure"] });
    const none = await buildOrg(s, { packages: ["vod"] });
    const pub = async (org: Org) => {
      const st = await create(s, org);
      const res = await s.request({ method: "GET", url: `/api/public/stream/${st.id}` });
      expect(res.statusCode).toBe(200);
      return { id: st.id as string, playouts: res.json().playouts };
    };
    const a = await pub(open);
    expect(a.playouts).toMatchObject({
      hls: `http://orgdeck.test:8080/hls/${a.id}/index.m3u8`,
      embed: `http://orgdeck.test/embed/${a.id}`,
      tokenRequired: false,
    });
    const b = await pub(secure);
    expect(b.playouts).toMatchObject({
      hls: `http://orgdeck.test:8080/hls/${b.id}/index.m3u8`,
      embed: `http://orgdeck.test/embed/${b.id}`,
      tokenRequired: true,
    });
    const c = await pub(none);
    expect(Object.keys(c.playouts)).toEqual(["rtmp"]);
  });

  it("answers the API key's callers the same (the organisation row comes with the credential)", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const created = await create(s, org);
    const res = await s.request({
      method: "GET",
      url: `/api/stream/${created.id}`,
      headers: { "x-bintu-apikey": org.apiKey },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().playout.hls).toBe(`http://orgdeck.test:8080/hls/${created.id}/index.m3u8`);
  });
});

describeEachDatabase(
  "stream playout URLs with ORGDECK_PLAYOUT_URL and ORGDECK_RTMP_URL set",
  (server) => {
    it("builds the URLs on the configured bases", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live"] });
      const created = await create(s, org);
      expect(created.playout).toEqual({
        hls: `https://play.example.com/edge/hls/${created.id}/index.m3u8`,
        rtmp: `rtmp://media.example.com:1936/live/${created.id}`,
        embed: `https://deck.example.com/embed/${created.id}`,
      });
    });
  },
  {
    PUBLIC_URL: "https://deck.example.com",
    ORGDECK_PLAYOUT_URL: "https://play.example.com/edge/",
    ORGDECK_RTMP_URL: "rtmp://media.example.com:1936/live",
  },
);

describeEachDatabase("stream playout URLs with the Secure package", (server) => {
  it("puts a one-hour playback token for the stream into every URL", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live", "secure"] });
    const a = await create(s, org);
    const b = await create(s, org);
    const one = (await get(s, org, `/api/stream/${a.id}`)).json().playout as Record<string, string>;
    const listed = (await get(s, org, "/api/stream")).json().streams as {
      id: string;
      playout: Record<string, string>;
    }[];
    for (const [id, playout] of [[a.id, one] as const, ...listed.map((x) => [x.id, x.playout] as const)]) {
      const tokens = Object.values(playout).map((u) => new URL(u.replace(/^rtmp:/, "http:")).searchParams.get("token"));
      expect(new Set(tokens).size).toBe(1);
      const token = tokens[0]!;
      expect(playout.hls).toBe(`http://orgdeck.test:8080/hls/${id}/index.m3u8?token=${token}`);
      const claims = decodeJwt(token);
      expect(decodeProtectedHeader(token).alg).toBe("ES256");
      expect(claims.sub).toBe(id);
      expect(claims.exp).toBeCloseTo(s.clock.now() / 1000 + 3600, -1);
      const verdict = await s.services.playback.verifyPlayback({
        orgId: org.id,
        streamId: id,
        streamTags: [],
        token,
        clientIp: "203.0.113.7",
        referer: null,
      });
      expect(verdict.ok).toBe(true);
    }
    expect(listed.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    // A token names one stream: another stream's token does not play this one.
    const other = await s.services.playback.verifyPlayback({
      orgId: org.id,
      streamId: b.id,
      streamTags: [],
      token: new URL(one.hls!).searchParams.get("token"),
      clientIp: "203.0.113.7",
      referer: null,
    });
    expect(other).toEqual({ ok: false, reason: "token_wrong_stream" });
  });

  it("hands the same token out again for 10 minutes, then a fresh one", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live", "secure"] });
    const st = await create(s, org);
    const token = async () =>
      new URL((await get(s, org, `/api/stream/${st.id}`)).json().playout.hls as string).searchParams.get("token")!;
    const first = await token();
    s.clock.advance(9 * 60_000);
    expect(await token()).toBe(first);
    s.clock.advance(2 * 60_000);
    const fresh = await token();
    expect(fresh).not.toBe(first);
    expect(decodeJwt(fresh).exp).toBeCloseTo(s.clock.now() / 1000 + 3600, -1);
  });

  it("gives no token without Secure", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const created = await create(s, org);
    for (const url of Object.values(created.playout as Record<string, string>)) expect(url).not.toContain("token=");
  });
});
