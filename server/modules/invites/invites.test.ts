import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { PASSWORD, buildOrg, buildUser, login } from "../../test/factories.js";

const tokenOf = (url: string) => url.split("/").pop()!;

describeEachDatabase("invitations", (server) => {
  it("creates a link shown once, lists it without the token, and shows what it grants", async () => {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({
      method: "POST",
      url: "/api/invite",
      headers: org.admin.headers,
      payload: { role: "nanoUser" },
    });
    expect(res.statusCode).toBe(201);
    const invite = res.json();
    expect(invite.url).toMatch(/^http:\/\/orgdeck\.test\/invite\/odi_[0-9A-Za-z]{36}$/);
    expect(Date.parse(invite.expiresAt) - s.clock.now()).toBe(7 * 86_400_000);
    const list = await s.request({ method: "GET", url: "/api/invite", headers: org.admin.headers });
    expect(list.json().invites).toHaveLength(1);
    expect(list.body).not.toContain(tokenOf(invite.url));
    const stored = await s.database.db.selectFrom("invites").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(tokenOf(invite.url));
    const info = await s.request({ method: "GET", url: `/api/invite/${tokenOf(invite.url)}` });
    expect(info.statusCode).toBe(200);
    expect(info.headers["referrer-policy"]).toBe("no-referrer");
    expect(info.json()).toMatchObject({
      organisation: { name: org.name },
      role: { name: "nanoUser", permissions: { Stream: expect.arrayContaining(["CreateStream"]) } },
    });
  });

  it("accepting creates the member with the invite's role and logs it in; a second accept is 410", async () => {
    const s = server();
    const org = await buildOrg(s);
    const invite = (
      await s.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoReadOnly" },
      })
    ).json();
    const token = tokenOf(invite.url);
    const res = await s.request({
      method: "POST",
      url: `/api/invite/${token}/accept`,
      payload: { email: "New.Member@example.com", password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe("nanoReadOnly");
    const me = await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": res.json().token } });
    expect(me.json().organisation.id).toBe(org.id);
    expect(
      (
        await s.request({
          method: "POST",
          url: `/api/invite/${token}/accept`,
          payload: { email: "other@example.com", password: PASSWORD },
        })
      ).statusCode,
    ).toBe(410);
    expect((await s.request({ method: "GET", url: `/api/invite/${token}` })).statusCode).toBe(410);
  });

  it("of 20 parallel accepts of one invitation exactly one creates a member", async () => {
    const s = server();
    const org = await buildOrg(s);
    const token = tokenOf(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoUser" },
        })
      ).json().url,
    );
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        s.request({
          method: "POST",
          url: `/api/invite/${token}/accept`,
          payload: { email: `racer${i}@example.com`, password: PASSWORD },
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 410)).toHaveLength(19);
    const members = await s.database.db.selectFrom("users").select("id").where("org_id", "=", org.id).execute();
    expect(members).toHaveLength(2);
  });

  it("refuses expired, revoked and unknown links, and an email that already has an account", async () => {
    const s = server();
    const org = await buildOrg(s);
    const make = async (body: object) =>
      tokenOf(
        (await s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload: body })).json().url,
      );
    const shortLived = await make({ role: "nanoUser", expiresInDays: 1 });
    s.clock.advance(86_400_000 + 1);
    const expiredInfo = await s.request({ method: "GET", url: `/api/invite/${shortLived}` });
    expect(expiredInfo.statusCode).toBe(410);
    expect(expiredInfo.json().error.message).toMatch(/expired/);
    const expiredAccept = await s.request({
      method: "POST",
      url: `/api/invite/${shortLived}/accept`,
      payload: { email: "late@example.com", password: PASSWORD },
    });
    expect(expiredAccept.statusCode).toBe(410);
    expect(expiredAccept.json().error.message).toMatch(/expired/);
    // A day has passed for the admin's session too.
    org.admin.headers["x-bintu-token"] = await login(s, org.admin.email);
    const revoked = (
      await s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload: { role: "nanoUser" } })
    ).json();
    expect(
      (await s.request({ method: "DELETE", url: `/api/invite/${revoked.id}`, headers: org.admin.headers })).statusCode,
    ).toBe(200);
    const r = await s.request({
      method: "POST",
      url: `/api/invite/${tokenOf(revoked.url)}/accept`,
      payload: { email: "x@example.com", password: PASSWORD },
    });
    expect(r.statusCode).toBe(410);
    expect(r.json().error.message).toMatch(/revoked/);
    expect((await s.request({ method: "GET", url: "/api/invite/odi_notARealTokenAtAll" })).statusCode).toBe(404);
    const fresh = await make({ role: "nanoUser" });
    const dup = await s.request({
      method: "POST",
      url: `/api/invite/${fresh}/accept`,
      payload: { email: org.admin.email.toUpperCase(), password: PASSWORD },
    });
    expect(dup.statusCode).toBe(409);
    // The failed accept did not use the link up.
    expect((await s.request({ method: "GET", url: `/api/invite/${fresh}` })).statusCode).toBe(200);
  });

  it("checks the invitation input and the accepted password", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const payload of [
      { role: "nanoUser", expiresInDays: 31 },
      { role: "nanoUser", expiresInDays: 0 },
      { role: "nope" },
      { role: "nanoUser", orgId: "x" },
    ]) {
      expect(
        (await s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload })).statusCode,
      ).toBe(400);
    }
    const token = tokenOf(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoUser" },
        })
      ).json().url,
    );
    for (const payload of [
      { email: "a@example.com", password: "short" },
      { email: "a@example.com", password: "password123" },
      { email: "not-an-email", password: PASSWORD },
      { email: "a@example.com", password: PASSWORD, role: "nanoAdmin" },
    ]) {
      expect((await s.request({ method: "POST", url: `/api/invite/${token}/accept`, payload })).statusCode).toBe(400);
    }
  });

  it("nobody invites into a role with more permissions than they hold", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "inviter", label: "Inviter", permissions: { Organisation: ["Get"], InviteToken: ["Create"] } },
    });
    const inviter = await buildUser(s, org, "inviter");
    expect(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: inviter.headers,
          payload: { role: "nanoAdmin" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await s.request({ method: "POST", url: "/api/invite", headers: inviter.headers, payload: { role: "inviter" } }))
        .statusCode,
    ).toBe(201);
  });

  it("an invitation never grants more than its sender may grant when it is accepted", async () => {
    const s = server();
    const org = await buildOrg(s);
    const second = await buildUser(s, org, "nanoAdmin");
    const make = async (role: string) =>
      tokenOf(
        (await s.request({ method: "POST", url: "/api/invite", headers: second.headers, payload: { role } })).json()
          .url,
      );
    const adminLink = await make("nanoAdmin");
    const userLink = await make("nanoReadOnly");
    // The sender is demoted: its admin link is revoked with the change, its read-only link lives on.
    const demoted = await s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: org.admin.headers,
      payload: { userId: second.id, role: "nanoReadOnly" },
    });
    expect(demoted.statusCode).toBe(200);
    const accept = (token: string, email: string) =>
      s.request({ method: "POST", url: `/api/invite/${token}/accept`, payload: { email, password: PASSWORD } });
    const refused = await accept(adminLink, "would-be-admin@example.com");
    expect(refused.statusCode).toBe(410);
    expect(
      (await s.request({ method: "GET", url: "/api/user?role=nanoAdmin", headers: org.admin.headers })).json().total,
    ).toBe(1);
    expect((await accept(userLink, "reader@example.com")).statusCode).toBe(200);
    const audit = (
      await s.request({ method: "GET", url: "/api/audit?action=authz_change&limit=1", headers: org.admin.headers })
    ).json();
    expect(audit.events[0].detail.invitesRevoked).toBe(1);
  });

  it("a link whose sender lost a permission through a role edit is refused at accept, and works again once it is back", async () => {
    const s = server();
    const org = await buildOrg(s);
    const perms = (extra: string[]) => ({
      Organisation: ["Get"],
      InviteToken: ["Create"],
      User: ["GetUsers", ...extra],
    });
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "recruiter", label: "Recruiter", permissions: perms(["DeleteUser"]) },
    });
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: {
        name: "remover",
        label: "Remover",
        permissions: { Organisation: ["Get"], User: ["GetUsers", "DeleteUser"] },
      },
    });
    const recruiter = await buildUser(s, org, "recruiter");
    const link = tokenOf(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: recruiter.headers,
          payload: { role: "remover" },
        })
      ).json().url,
    );
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/permission/recruiter",
          headers: org.admin.headers,
          payload: { permissions: perms([]) },
        })
      ).statusCode,
    ).toBe(200);
    const accept = () =>
      s.request({
        method: "POST",
        url: `/api/invite/${link}/accept`,
        payload: { email: "remover@example.com", password: PASSWORD },
      });
    expect((await accept()).statusCode).toBe(410);
    await s.request({
      method: "PUT",
      url: "/api/permission/recruiter",
      headers: org.admin.headers,
      payload: { permissions: perms(["DeleteUser"]) },
    });
    expect((await accept()).statusCode).toBe(200);
  });

  it("cannot be used to probe which email addresses have accounts: failed accepts are limited per link and per address", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    const link = async () =>
      tokenOf(
        (
          await s.request({
            method: "POST",
            url: "/api/invite",
            headers: org.admin.headers,
            payload: { role: "nanoReadOnly" },
          })
        ).json().url,
      );
    const token = await link();
    const accept = (t: string, email: string, remoteAddress = "203.0.113.5") =>
      s.request({
        method: "POST",
        url: `/api/invite/${t}/accept`,
        remoteAddress,
        payload: { email, password: PASSWORD },
      });
    for (let i = 0; i < 5; i++) {
      const taken = await accept(token, i % 2 ? other.admin.email : org.admin.email);
      expect(taken.statusCode).toBe(409);
      // Taken somewhere: which organisation holds it is not said.
      expect(taken.body).not.toContain(other.name);
      expect(taken.body).not.toContain(org.name);
    }
    const blocked = await accept(token, "fresh-person@example.com");
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // The link was not used up: after the pause it still works.
    s.clock.advance(16 * 60 * 1000);
    expect((await accept(token, "fresh-person@example.com")).statusCode).toBe(200);

    // One address probing through many links is stopped too.
    for (let i = 0; i < 20; i++) await accept(await link(), org.admin.email, "198.51.100.77");
    expect((await accept(await link(), "another-fresh@example.com", "198.51.100.77")).statusCode).toBe(429);
    expect((await accept(await link(), "another-fresh@example.com", "198.51.100.78")).statusCode).toBe(200);
  });

  it("takes long Unicode passphrases byte for byte (no trimming, truncation or case-folding), and refuses CR/LF in an email", async () => {
    const s = server();
    const org = await buildOrg(s);
    const link = async () =>
      tokenOf(
        (
          await s.request({
            method: "POST",
            url: "/api/invite",
            headers: org.admin.headers,
            payload: { role: "nanoReadOnly" },
          })
        ).json().url,
      );
    const passphrase = `${"🎥".repeat(30)} Ünïcödé passphrase, ${"long ".repeat(12)}🔐`;
    expect(passphrase.length).toBeGreaterThan(128);
    expect(
      (
        await s.request({
          method: "POST",
          url: `/api/invite/${await link()}/accept`,
          payload: { email: "unicode@example.com", password: passphrase },
        })
      ).statusCode,
    ).toBe(200);
    const tryLogin = (password: string) =>
      s.request({
        method: "POST",
        url: "/api/user/validate",
        remoteAddress: "198.51.100.99",
        payload: { email: "unicode@example.com", password },
      });
    expect((await tryLogin(passphrase)).statusCode).toBe(200);
    for (const variant of [
      `${passphrase} `,
      passphrase.toUpperCase(),
      passphrase.slice(0, 72),
      passphrase.normalize("NFD"),
    ]) {
      expect((await tryLogin(variant)).statusCode).toBe(401);
    }
    for (const email of ["victim@example.com\r\nBcc: all@example.com", "a@example.com\nX: y"]) {
      expect(
        (
          await s.request({
            method: "POST",
            url: `/api/invite/${await link()}/accept`,
            payload: { email, password: PASSWORD },
          })
        ).statusCode,
      ).toBe(400);
    }
  });
});
