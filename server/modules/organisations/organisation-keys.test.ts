import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

describeEachDatabase("API key and VOD setting", (server) => {
  it("reveals the API key only to admins, without caching, and audits every reveal", async () => {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({ method: "GET", url: "/api/organisation/apikey", headers: org.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.json()).toEqual({ apiKey: org.apiKey, last4: org.apiKey.slice(-4), createdAt: expect.any(String) });
    const reveals = await s.database.db
      .selectFrom("audit_events")
      .selectAll()
      .where("org_id", "=", org.id)
      .where("action", "=", "apikey_revealed")
      .execute();
    expect(reveals).toHaveLength(1);
    expect(JSON.stringify(reveals)).not.toContain(org.apiKey);
    for (const role of ["nanoUser", "nanoReadOnly"]) {
      const m = await buildUser(s, org, role);
      expect((await s.request({ method: "GET", url: "/api/organisation/apikey", headers: m.headers })).statusCode).toBe(
        403,
      );
    }
  });

  it("rotates the API key: the new one works and the old one is refused at once", async () => {
    const s = server();
    const org = await buildOrg(s);
    const rotated = await s.request({
      method: "POST",
      url: "/api/organisation/apikey/rotate",
      headers: org.admin.headers,
    });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().apiKey as string;
    expect(fresh).not.toBe(org.apiKey);
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": org.apiKey } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": fresh } })).statusCode,
    ).toBe(200);
    // The player key is untouched.
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers })).json().playerKey,
    ).toBe(org.playerKey);
  });

  it("refuses a key with a broken checksum and never lets the player key manage anything", async () => {
    const s = server();
    const org = await buildOrg(s);
    const flipped = org.apiKey.slice(0, -1) + (org.apiKey.endsWith("A") ? "B" : "A");
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": flipped } })).statusCode,
    ).toBe(401);
    const player = { "x-bintu-apikey": org.playerKey };
    expect((await s.request({ method: "GET", url: "/api/organisation", headers: player })).statusCode).toBe(403);
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/organisation/webhook",
          headers: player,
          payload: { webhook: null },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("toggles VOD visibility and audits it; anything but a boolean is refused", async () => {
    const s = server();
    const org = await buildOrg(s);
    const off = await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: org.admin.headers,
      payload: { public: false },
    });
    expect(off.json().vodPublic).toBe(false);
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/organisation/vod",
          headers: org.admin.headers,
          payload: { public: "yes" },
        })
      ).statusCode,
    ).toBe(400);
    const audit = await s.database.db
      .selectFrom("audit_events")
      .select("target")
      .where("org_id", "=", org.id)
      .where("action", "=", "vod_visibility_changed")
      .execute();
    expect(audit.map((a) => a.target)).toEqual(["private"]);
  });
});
