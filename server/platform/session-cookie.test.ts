import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../test/harness.js";
import { PASSWORD, buildOrg, buildStreams, buildUser } from "../test/factories.js";

type Reply = { headers: Record<string, unknown>; statusCode: number; json: <T = unknown>() => T };

/** The Set-Cookie lines of an answer. */
const setCookies = (res: Reply): string[] => {
  const v = res.headers["set-cookie"];
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [String(v)];
};
const sessionCookie = (res: Reply) => setCookies(res).find((c) => /^(__Host-)?orgdeck_session=odt_/.test(c));
const cookieOf = (res: Reply) => sessionCookie(res)!.split(";")[0]!;

const DASHBOARD = { "x-requested-with": "orgdeck" };

describeEachDatabase("the dashboard's session cookie", (server) => {
  async function signIn() {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({
      method: "POST",
      url: "/api/user/validate",
      headers: DASHBOARD,
      payload: { email: org.admin.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    return { s, org, res, cookie: cookieOf(res), token: res.json<{ token: string }>().token };
  }

  it("sign-in sets an HttpOnly, SameSite=Strict cookie carrying the token, living as long as the token", async () => {
    const { res, token, s } = await signIn();
    const line = sessionCookie(res)!;
    expect(line.startsWith(`orgdeck_session=${token};`)).toBe(true);
    expect(line).toContain("HttpOnly");
    expect(line).toContain("SameSite=Strict");
    expect(line).toContain("Path=/");
    expect(line).not.toContain("Domain");
    // Plain http (PUBLIC_URL http://orgdeck.test): not Secure, so a LAN browser keeps it.
    expect(line).not.toContain("Secure");
    const expiresAt = Date.parse(res.json<{ expiresAt: string }>().expiresAt);
    expect(line).toContain(`Max-Age=${Math.floor((expiresAt - s.clock.now()) / 1000)}`);
  });

  it("an API client's sign-in gets the token and no cookie", async () => {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({
      method: "POST",
      url: "/api/user/validate",
      payload: { email: org.admin.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ token: string }>().token).toMatch(/^odt_/);
    expect(setCookies(res)).toEqual([]);
  });

  it("reads are answered by the cookie alone, as for X-BINTU-TOKEN", async () => {
    const { s, org, cookie } = await signIn();
    const me = await s.request({ method: "GET", url: "/api/user/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json<{ user: { email: string } }>().user.email).toBe(org.admin.email);
  });

  it("a change signed in by cookie needs X-Requested-With; cross-site requests are refused", async () => {
    const { s, cookie } = await signIn();
    const create = (headers: Record<string, string>) =>
      s.request({ method: "POST", url: "/api/stream", headers: { cookie, ...headers }, payload: {} });

    const bare = await create({});
    expect(bare.statusCode).toBe(403);
    expect(bare.json<{ error: { message: string } }>().error.message).toContain("X-Requested-With");
    // A form post from another site: no custom header, and the browser says where it came from.
    expect((await create({ "sec-fetch-site": "cross-site", "x-requested-with": "x" })).statusCode).toBe(403);
    expect((await create({ "sec-fetch-site": "same-site", "x-requested-with": "x" })).statusCode).toBe(403);
    // The dashboard's own calls.
    expect((await create({ "x-requested-with": "orgdeck" })).statusCode).toBe(201);
    expect((await create({ "sec-fetch-site": "same-origin", "x-requested-with": "orgdeck" })).statusCode).toBe(201);
  });

  it("a credential header wins over the cookie and needs no CSRF header (API clients)", async () => {
    const { s, cookie, org } = await signIn();
    const other = await buildOrg(s);
    const res = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: { cookie, ...other.admin.headers },
      payload: {},
    });
    expect(res.statusCode).toBe(201);
    const me = await s.request({ method: "GET", url: "/api/user/me", headers: { cookie, ...other.admin.headers } });
    expect(me.json<{ user: { email: string } }>().user.email).toBe(other.admin.email);
    expect(me.json<{ user: { email: string } }>().user.email).not.toBe(org.admin.email);
  });

  it("public routes ignore a stale cookie; protected ones answer 401 for it", async () => {
    const { s, cookie, token } = await signIn();
    await s.request({ method: "POST", url: "/api/user/logout", headers: { "x-bintu-token": token } });
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: { cookie } })).statusCode).toBe(401);
    expect((await s.request({ method: "GET", url: "/api/setup", headers: { cookie } })).statusCode).toBe(200);
    const garbage = "orgdeck_session=not-a-token";
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: { cookie: garbage } })).statusCode).toBe(
      401,
    );
  });

  it("sign-out by cookie revokes the token and clears the cookie", async () => {
    const { s, cookie, token } = await signIn();
    const out = await s.request({
      method: "POST",
      url: "/api/user/logout",
      headers: { cookie, "x-requested-with": "orgdeck" },
    });
    expect(out.statusCode).toBe(200);
    expect(setCookies(out).some((c) => /^orgdeck_session=;.*Max-Age=0/.test(c))).toBe(true);
    // The token is dead for every holder: other tabs (the same cookie) and API clients (the header).
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: { cookie } })).statusCode).toBe(401);
    expect(
      (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": token } })).statusCode,
    ).toBe(401);
  });

  it("a planted cookie is replaced at sign-in (session fixation)", async () => {
    const s = server();
    const org = await buildOrg(s);
    const planted = "orgdeck_session=odt_000000000000000000000000000000000000";
    const res = await s.request({
      method: "POST",
      url: "/api/user/validate",
      headers: { cookie: planted, ...DASHBOARD },
      payload: { email: org.admin.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(cookieOf(res)).not.toBe(planted);
    expect(cookieOf(res)).toBe(`orgdeck_session=${res.json<{ token: string }>().token}`);
  });

  it("an accepted invitation signs the new member in with the cookie too", async () => {
    const { s, org } = await signIn();
    const invite = await s.request({
      method: "POST",
      url: "/api/invite",
      headers: org.admin.headers,
      payload: { role: "nanoUser" },
    });
    const token = invite.json<{ url: string }>().url.split("/invite/")[1]!;
    const accepted = await s.request({
      method: "POST",
      url: `/api/invite/${token}/accept`,
      headers: DASHBOARD,
      payload: { email: `cookie-${Date.now()}@example.com`, password: PASSWORD, acceptTerms: true },
    });
    expect(accepted.statusCode).toBe(200);
    const me = await s.request({ method: "GET", url: "/api/user/me", headers: { cookie: cookieOf(accepted) } });
    expect(me.json<{ role: { name: string } }>().role.name).toBe("nanoUser");
  });

  it("API answers of 1 KiB and more are compressed as the client accepts; small ones are not", async () => {
    const { s, org } = await signIn();
    await buildStreams(
      s,
      org,
      Array.from({ length: 20 }, () => ["compressed"]),
    );
    const list = (encoding: string) =>
      s.request({ method: "GET", url: "/api/stream", headers: { ...org.admin.headers, "accept-encoding": encoding } });
    const plain = await list("identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    const br = await list("gzip, deflate, br");
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const gz = await list("gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
    const small = await s.request({ method: "GET", url: "/api/setup", headers: { "accept-encoding": "br" } });
    expect(small.body.length).toBeLessThan(1024);
    expect(small.headers["content-encoding"]).toBeUndefined();
  });
});

describeEachDatabase(
  "the session cookie behind https",
  (server) => {
    it("is Secure and named __Host- when PUBLIC_URL is https", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await s.request({
        method: "POST",
        url: "/api/user/validate",
        headers: DASHBOARD,
        payload: { email: org.admin.email, password: PASSWORD },
      });
      const line = sessionCookie(res)!;
      expect(line).toMatch(/^__Host-orgdeck_session=odt_/);
      expect(line).toContain("; Secure");
      const me = await s.request({ method: "GET", url: "/api/user/me", headers: { cookie: cookieOf(res) } });
      expect(me.statusCode).toBe(200);
    });
  },
  { PUBLIC_URL: "https://dashboard.example.com" },
);

describeEachDatabase(
  "links without PUBLIC_URL",
  (server) => {
    it("invitation, reset and embed links use the address the request came in on", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live"] });
      const headers = { ...org.admin.headers, host: "192.168.1.20:3000" };
      const invite = await s.request({ method: "POST", url: "/api/invite", headers, payload: { role: "nanoUser" } });
      expect(invite.statusCode).toBe(201);
      expect(invite.json<{ url: string }>().url).toMatch(/^http:\/\/192\.168\.1\.20:3000\/invite\/odi_/);

      const memberId = (await buildUser(s, org, "nanoUser", { login: false })).id;
      const reset = await s.request({
        method: "POST",
        url: `/api/user/${memberId}/password-reset`,
        headers: { ...org.admin.headers, host: "orgdeck.lan" },
      });
      expect(reset.statusCode).toBe(201);
      expect(reset.json<{ url: string }>().url).toMatch(/^http:\/\/orgdeck\.lan\/reset-password\/odr_/);

      const stream = await s.request({ method: "POST", url: "/api/stream", headers, payload: {} });
      expect(stream.json<{ playout: { embed: string } }>().playout.embed).toMatch(
        /^http:\/\/192\.168\.1\.20:3000\/embed\//,
      );
    });

    it("a Host that is not a plain host name falls back to the default address", async () => {
      const s = server();
      const org = await buildOrg(s);
      for (const host of ["evil.example/phish?", "a b", "x@evil.example"]) {
        const res = await s.request({
          method: "POST",
          url: "/api/invite",
          headers: { ...org.admin.headers, host },
          payload: { role: "nanoUser" },
        });
        expect(res.statusCode).toBe(201);
        expect(res.json<{ url: string }>().url).toMatch(/^http:\/\/localhost:3000\/invite\//);
      }
    });

    it("X-Forwarded-Host is ignored unless the proxy is trusted", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await s.request({
        method: "POST",
        url: "/api/invite",
        headers: {
          ...org.admin.headers,
          host: "10.0.0.5:3000",
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": "https",
        },
        payload: { role: "nanoUser" },
      });
      expect(res.json<{ url: string }>().url).toMatch(/^http:\/\/10\.0\.0\.5:3000\/invite\//);
    });
  },
  { PUBLIC_URL: "" },
);

describeEachDatabase(
  "links with PUBLIC_URL",
  (server) => {
    it("never take the request's Host", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await s.request({
        method: "POST",
        url: "/api/invite",
        headers: { ...org.admin.headers, host: "evil.example" },
        payload: { role: "nanoUser" },
      });
      expect(res.json<{ url: string }>().url).toMatch(/^https:\/\/dashboard\.example\.com\/invite\//);
    });
  },
  { PUBLIC_URL: "https://dashboard.example.com" },
);
