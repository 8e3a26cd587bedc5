// Two instances of the app on one database, as behind a load balancer: whatever one instance
// revokes, blocks or records, the other one honours on its very next request.
import { expect, it } from "vitest";
import { PASSWORD, buildOrg, buildUser, login } from "./factories.js";
import { describeEachDatabase } from "./harness.js";

describeEachDatabase("several instances on one database", (server) => {
  it("a role change, token reset, deletion or logout on one instance is refused at once on the other", async () => {
    const a = server();
    const b = await a.startPeer();
    const org = await buildOrg(a);
    const me = (h: Record<string, string>, on = b) => on.request({ method: "GET", url: "/api/user/me", headers: h });

    const demoted = await buildUser(a, org, "nanoAdmin");
    expect((await me(demoted.headers)).statusCode).toBe(200);
    expect(
      (
        await b.request({
          method: "PUT",
          url: "/api/user/permission",
          headers: org.admin.headers,
          payload: { userId: demoted.id, role: "nanoReadOnly" },
        })
      ).statusCode,
    ).toBe(200);
    expect((await me(demoted.headers, a)).statusCode).toBe(401);
    const again = { "x-bintu-token": await login(a, demoted.email) };
    // The new role applies everywhere: read-only may not touch the webhook on either instance.
    expect(
      (await b.request({ method: "PUT", url: "/api/organisation/webhook", headers: again, payload: { webhook: null } }))
        .statusCode,
    ).toBe(403);

    const reset = await buildUser(a, org, "nanoUser");
    expect(
      (
        await a.request({
          method: "PUT",
          url: "/api/user/tokenkey",
          headers: org.admin.headers,
          payload: { userId: reset.id },
        })
      ).statusCode,
    ).toBe(200);
    expect((await me(reset.headers)).statusCode).toBe(401);

    const deleted = await buildUser(a, org, "nanoUser");
    expect(
      (await b.request({ method: "DELETE", url: `/api/user/${deleted.id}`, headers: org.admin.headers })).statusCode,
    ).toBe(200);
    expect((await me(deleted.headers, a)).statusCode).toBe(401);

    const session = await login(b, org.admin.email);
    expect(
      (await b.request({ method: "POST", url: "/api/user/logout", headers: { "x-bintu-token": session } })).statusCode,
    ).toBe(200);
    expect((await me({ "x-bintu-token": session }, a)).statusCode).toBe(401);
    await b.close();
  });

  it("shares the API key rotation, the sign-in block, invitations and idempotency keys", async () => {
    const a = server();
    const b = await a.startPeer();
    const org = await buildOrg(a);

    const rotated = (
      await a.request({ method: "POST", url: "/api/organisation/apikey/rotate", headers: org.admin.headers })
    ).json().apiKey;
    expect(
      (await b.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": org.apiKey } }))
        .statusCode,
    ).toBe(401);
    expect(
      (await b.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": rotated } })).statusCode,
    ).toBe(200);

    // Ten failures spread over both instances block the account on both.
    const member = await buildUser(a, org, "nanoUser", { login: false });
    for (let i = 0; i < 10; i++) {
      const on = i % 2 === 0 ? a : b;
      expect(
        (
          await on.request({
            method: "POST",
            url: "/api/user/validate",
            payload: { email: member.email, password: `wrong guess ${i}` },
          })
        ).statusCode,
      ).toBe(401);
    }
    for (const on of [a, b])
      expect(
        (
          await on.request({
            method: "POST",
            url: "/api/user/validate",
            payload: { email: member.email, password: PASSWORD },
          })
        ).statusCode,
      ).toBe(429);

    const invite = (
      await a.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoReadOnly" },
      })
    ).json();
    const token = String(invite.url).split("/").pop();
    const accepts = await Promise.all(
      [a, b].map((on, i) =>
        on.request({
          method: "POST",
          url: `/api/invite/${token}/accept`,
          payload: { email: `both-${i}@example.com`, password: PASSWORD },
        }),
      ),
    );
    expect(accepts.map((r) => r.statusCode).sort()).toEqual([200, 410]);

    const headers = { ...org.admin.headers, "idempotency-key": "across-instances" };
    const first = await a.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["lb"] } });
    const retry = await b.request({ method: "POST", url: "/api/stream", headers, payload: { tags: ["lb"] } });
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json().id).toBe(first.json().id);
    await b.close();
  });
});
