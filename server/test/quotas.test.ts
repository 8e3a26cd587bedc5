// Per-organisation limits the operator sets: beyond them, 409 quota_exceeded naming the limit; and at
// most 20 live sessions per user, a new sign-in ending the oldest.
import { expect, it } from "vitest";
import { PASSWORD, buildOrg, buildUser, login } from "./factories.js";
import { describeEachDatabase } from "./harness.js";

describeEachDatabase("quotas", (server) => {
  it("refuses streams, members, invitations and roles beyond the organisation's limits, and no further than that", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    await s.services.organisations.updateOrganisation(org.hash, {
      limits: { streams: 3, members: 3, invites: 2, roles: 1 },
    });
    const h = org.admin.headers;
    const create = () => s.request({ method: "POST", url: "/api/stream", headers: h, payload: { tags: [] } });
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await create()).json());
    const refused = await create();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "quota_exceeded" });
    expect(refused.json().error.message).toMatch(/at most 3 streams/);
    // A deleted stream frees its place; another organisation is not affected.
    await s.request({ method: "DELETE", url: `/api/stream/${made[0].id}`, headers: h });
    expect((await create()).statusCode).toBe(201);
    expect(
      (await s.request({ method: "POST", url: "/api/stream", headers: other.admin.headers, payload: {} })).statusCode,
    ).toBe(201);

    // Members: the admin plus two; invitations: two pending.
    const invite = () =>
      s.request({ method: "POST", url: "/api/invite", headers: h, payload: { role: "nanoReadOnly" } });
    const links = [(await invite()).json().url, (await invite()).json().url];
    expect((await invite()).json().error.code).toBe("quota_exceeded");
    await buildUser(s, org, "nanoUser", { login: false });
    const accept = (url: string, email: string) =>
      s.request({
        method: "POST",
        url: `/api/invite/${url.split("/").pop()}/accept`,
        payload: { email, password: PASSWORD },
      });
    expect((await accept(links[0], "third@example.com")).statusCode).toBe(200);
    const full = await accept(links[1], "fourth@example.com");
    expect(full.statusCode).toBe(409);
    expect(full.json().error.message).toMatch(/at most 3 members/);
    expect((await s.request({ method: "GET", url: "/api/user?limit=10", headers: h })).json().total).toBe(3);

    const role = (name: string) =>
      s.request({
        method: "POST",
        url: "/api/permission",
        headers: h,
        payload: { name, label: name, permissions: { Organisation: ["Get"] } },
      });
    expect((await role("first")).statusCode).toBe(201);
    expect((await role("second")).json().error.code).toBe("quota_exceeded");
  });

  it("keeps at most 20 live sessions per user: a new sign-in ends the oldest", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const tokens = [member.token];
    for (let i = 0; i < 20; i++) {
      s.clock.advance(1000);
      tokens.push(await login(s, member.email));
    }
    const me = (t: string) => s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": t } });
    expect((await me(tokens[0]!)).statusCode).toBe(401);
    for (const t of tokens.slice(1)) expect((await me(t)).statusCode).toBe(200);
    expect(
      Number(
        (
          await s.database.db
            .selectFrom("tokens")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("user_id", "=", member.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(20);
  });
});
