import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser, login } from "../../test/factories.js";

describeEachDatabase("user management", (server) => {
  it("lists the organisation's users, filters by role and pages", async () => {
    const s = server();
    const org = await buildOrg(s);
    await buildUser(s, org, "nanoUser", { login: false });
    await buildUser(s, org, "nanoReadOnly", { login: false });
    const other = await buildOrg(s);
    const all = (await s.request({ method: "GET", url: "/api/user", headers: org.admin.headers })).json();
    expect(all.total).toBe(3);
    expect(all.users.map((u: { email: string }) => u.email)).not.toContain(other.admin.email);
    const ro = (
      await s.request({ method: "GET", url: "/api/user?role=nanoReadOnly", headers: org.admin.headers })
    ).json();
    expect(ro.users.map((u: { role: string }) => u.role)).toEqual(["nanoReadOnly"]);
    expect(
      (await s.request({ method: "GET", url: "/api/user?limit=1&offset=1", headers: org.admin.headers })).json().users,
    ).toHaveLength(1);
    expect(
      (await s.request({ method: "GET", url: "/api/user?role=nanoUser&role=nanoAdmin", headers: org.admin.headers }))
        .statusCode,
    ).toBe(400);
  });

  it("changing a role kills the user's tokens at once and the new role applies", async () => {
    const s = server();
    const org = await buildOrg(s);
    const m = await buildUser(s, org, "nanoAdmin");
    expect((await s.request({ method: "GET", url: "/api/organisation/apikey", headers: m.headers })).statusCode).toBe(
      200,
    );
    const res = await s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: org.admin.headers,
      payload: { userId: m.id, role: "nanoReadOnly" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().role).toBe("nanoReadOnly");
    expect((await s.request({ method: "GET", url: "/api/organisation", headers: m.headers })).statusCode).toBe(401);
    const fresh = { "x-bintu-token": await login(s, m.email) };
    expect((await s.request({ method: "GET", url: "/api/organisation/apikey", headers: fresh })).statusCode).toBe(403);
    const audit = await s.database.db
      .selectFrom("audit_events")
      .select("detail")
      .where("org_id", "=", org.id)
      .where("action", "=", "authz_change")
      .execute();
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ from: "nanoAdmin", to: "nanoReadOnly" });
  });

  it("resetting a token key returns a new key and kills every token of the user", async () => {
    const s = server();
    const org = await buildOrg(s);
    const m = await buildUser(s, org, "nanoUser");
    const second = await login(s, m.email);
    const res = await s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: org.admin.headers,
      payload: { userId: m.id },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    for (const t of [m.token, second])
      expect(
        (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": t } })).statusCode,
      ).toBe(401);
    expect(await login(s, m.email)).toMatch(/^odt_/);
  });

  it("deletes a user with its tokens and revokes the invitations it created; audit rows stay", async () => {
    const s = server();
    const org = await buildOrg(s);
    const m = await buildUser(s, org, "nanoAdmin");
    const invite = (
      await s.request({ method: "POST", url: "/api/invite", headers: m.headers, payload: { role: "nanoUser" } })
    ).json();
    const token = invite.url.split("/").pop();
    const del = await s.request({ method: "DELETE", url: `/api/user/${m.id}`, headers: org.admin.headers });
    expect(del.statusCode).toBe(200);
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: m.headers })).statusCode).toBe(401);
    expect((await s.request({ method: "GET", url: `/api/invite/${token}` })).statusCode).toBe(410);
    const audit = await s.database.db
      .selectFrom("audit_events")
      .select("action")
      .where("org_id", "=", org.id)
      .where("actor_id", "=", m.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain("invite_created");
  });

  it("nobody deletes themselves, and the last admin can be neither demoted nor deleted", async () => {
    const s = server();
    const org = await buildOrg(s);
    const self = await s.request({ method: "DELETE", url: `/api/user/${org.admin.id}`, headers: org.admin.headers });
    expect(self.statusCode).toBe(409);
    const demote = await s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: org.admin.headers,
      payload: { userId: org.admin.id, role: "nanoUser" },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe("last_admin");
    const byKey = await s.request({
      method: "DELETE",
      url: `/api/user/${org.admin.id}`,
      headers: { "x-bintu-apikey": org.apiKey },
    });
    expect(byKey.statusCode).toBe(409);
  });

  it("two admins demoting each other at the same moment still leave one admin", async () => {
    const s = server();
    for (let round = 0; round < 8; round++) {
      const org = await buildOrg(s);
      const b = await buildUser(s, org, "nanoAdmin");
      const [r1, r2] = await Promise.all([
        s.request({
          method: "PUT",
          url: "/api/user/permission",
          headers: org.admin.headers,
          payload: { userId: b.id, role: "nanoUser" },
        }),
        s.request({
          method: "PUT",
          url: "/api/user/permission",
          headers: b.headers,
          payload: { userId: org.admin.id, role: "nanoUser" },
        }),
      ]);
      const admins = await s.database.db
        .selectFrom("users")
        .select("id")
        .where("org_id", "=", org.id)
        .where("role", "=", "nanoAdmin")
        .execute();
      expect(admins.length).toBe(1);
      expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, expect.any(Number)]);
    }
  });

  it("no request made after a role change succeeds with the old role", async () => {
    const s = server();
    const org = await buildOrg(s);
    const m = await buildUser(s, org, "nanoAdmin");
    const inFlight = Array.from({ length: 10 }, () =>
      s.request({ method: "PUT", url: "/api/organisation/vod", headers: m.headers, payload: { public: true } }),
    );
    const change = await s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: org.admin.headers,
      payload: { userId: m.id, role: "nanoReadOnly" },
    });
    expect(change.statusCode).toBe(200);
    await Promise.all(inFlight);
    const after = await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: m.headers,
      payload: { public: true },
    });
    expect(after.statusCode).toBe(401);
  });

  it("another organisation's user answers exactly like a missing one", async () => {
    const s = server();
    const a = await buildOrg(s);
    const b = await buildOrg(s);
    const foreign = await s.request({ method: "DELETE", url: `/api/user/${a.admin.id}`, headers: b.admin.headers });
    const missing = await s.request({
      method: "DELETE",
      url: `/api/user/${crypto.randomUUID()}`,
      headers: b.admin.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: a.admin.headers })).statusCode).toBe(200);
  });

  it("refuses mass assignment of role or organisation in bodies", async () => {
    const s = server();
    const org = await buildOrg(s);
    const m = await buildUser(s, org, "nanoUser", { login: false });
    const res = await s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: org.admin.headers,
      payload: { userId: m.id, role: "nanoAdmin", orgId: "x" },
    });
    expect(res.statusCode).toBe(400);
    const row = await s.database.db.selectFrom("users").select("role").where("id", "=", m.id).executeTakeFirstOrThrow();
    expect(row.role).toBe("nanoUser");
  });
});
