import { expect, it } from "vitest";
import { PASSWORD_RESET_INVALID } from "../../../contract/password-reset.js";
import { buildOrg, buildUser, login } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";

const NEW_PASSWORD = "a fresh passphrase after reset";
const tokenOf = (url: string) => url.split("/").pop()!;

async function createLink(s: TestServer, headers: Record<string, string>, userId: string) {
  return s.request({ method: "POST", url: `/api/user/${userId}/password-reset`, headers });
}
const lookup = (s: TestServer, token: string) => s.request({ method: "GET", url: `/api/password-reset/${token}` });
const complete = (s: TestServer, token: string, password = NEW_PASSWORD) =>
  s.request({ method: "POST", url: `/api/password-reset/${token}`, payload: { password } });

/** What every dead link answers: one status and one body, whatever the reason. */
function expectInvalid(res: { statusCode: number; json: () => unknown }) {
  expect(res.statusCode).toBe(410);
  expect(res.json()).toEqual({ error: { code: "gone", message: PASSWORD_RESET_INVALID } });
}

describeEachDatabase("password reset links", (server) => {
  it("an admin's link is shown once, valid for an hour, sets the password once and ends every session", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const otherSession = await login(s, member.email);

    const res = await createLink(s, org.admin.headers, member.id);
    expect(res.statusCode).toBe(201);
    expect(res.headers["cache-control"]).toBe("no-store");
    const link = res.json();
    expect(link.url).toMatch(/^http:\/\/orgdeck\.test\/reset-password\/odr_[0-9A-Za-z]{36}$/);
    expect(Date.parse(link.expiresAt) - s.clock.now()).toBe(3_600_000);
    const token = tokenOf(link.url);
    // Only a digest is kept.
    const stored = await s.database.db.selectFrom("password_resets").selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(token);

    const info = await lookup(s, token);
    expect(info.statusCode).toBe(200);
    expect(info.headers["referrer-policy"]).toBe("no-referrer");
    expect(info.json()).toEqual({ email: member.email, expiresAt: link.expiresAt });

    const done = await complete(s, token);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ ok: true, email: member.email });
    for (const t of [member.token, otherSession])
      expect(
        (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": t } })).statusCode,
      ).toBe(401);
    expect(
      (
        await s.request({
          method: "POST",
          url: "/api/user/validate",
          payload: { email: member.email, password: member.password },
        })
      ).statusCode,
    ).toBe(401);
    await login(s, member.email, NEW_PASSWORD);

    // Single use: the second try and a later look both get the one answer for dead links.
    expectInvalid(await complete(s, token, "yet another passphrase"));
    expectInvalid(await lookup(s, token));
    await login(s, member.email, NEW_PASSWORD);
  });

  it("answers used, expired, replaced, unknown and malformed links alike", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoReadOnly", { login: false });
    const first = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    s.clock.advance(59 * 60_000);
    expect((await lookup(s, first)).statusCode).toBe(200);
    s.clock.advance(60_000);
    expectInvalid(await lookup(s, first));
    expectInvalid(await complete(s, first));

    // A new link replaces the open one before it.
    const older = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    const newer = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    expectInvalid(await lookup(s, older));
    expect((await lookup(s, newer)).statusCode).toBe(200);

    expectInvalid(await lookup(s, `odr_${"a".repeat(36)}`));
    expectInvalid(await lookup(s, "not-a-token"));
    // A well-formed token of another kind (an invitation) is no reset link either.
    const invite = tokenOf(
      (
        await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoReadOnly" },
        })
      ).json().url,
    );
    expectInvalid(await complete(s, invite));
    s.clock.advance(3_600_000); // the failures above count against this address; let them age out
  });

  it("keeps the link when the new password breaks the rules, with a message naming the problem", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser", { login: false });
    const token = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    const short = await complete(s, token, "short");
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/password must be at least 8 characters/);
    const common = await complete(s, token, "password123");
    expect(common.statusCode).toBe(400);
    expect(common.json().error.message).toMatch(/too common/);
    const extra = await s.request({
      method: "POST",
      url: `/api/password-reset/${token}`,
      payload: { password: NEW_PASSWORD, email: "x@example.com" },
    });
    expect(extra.statusCode).toBe(400);
    expect((await complete(s, token)).statusCode).toBe(200);
  });

  it("of 10 parallel uses of one link exactly one sets the password", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser", { login: false });
    const token = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => complete(s, token, `parallel passphrase number ${i}`)),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 410)).toHaveLength(9);
    s.clock.advance(3_600_000);
  });

  it("is scoped to the caller's organisation, admin-only, never for oneself nor for someone more powerful", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    const member = await buildUser(s, org, "nanoReadOnly", { login: false });

    const foreign = await createLink(s, other.admin.headers, member.id);
    const random = await createLink(s, other.admin.headers, crypto.randomUUID());
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual(random.json());

    for (const role of ["nanoUser", "nanoReadOnly"]) {
      const caller = await buildUser(s, org, role);
      expect((await createLink(s, caller.headers, member.id)).statusCode).toBe(403);
    }
    expect((await createLink(s, { "x-bintu-apikey": org.apiKey }, member.id)).statusCode).toBe(403);
    expect((await createLink(s, {}, member.id)).statusCode).toBe(401);

    const self = await createLink(s, org.admin.headers, org.admin.id);
    expect(self.statusCode).toBe(409);
    expect(self.json().error.message).toMatch(/My Account/);

    // A custom role that may reset tokens cannot take over an account holding more than it does.
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "helpdesk", label: "Helpdesk", permissions: { User: ["GetUsers", "RenewTokenKey"] } },
    });
    const helpdesk = await buildUser(s, org, "helpdesk");
    expect((await createLink(s, helpdesk.headers, org.admin.id)).statusCode).toBe(403);
    expect((await createLink(s, helpdesk.headers, member.id)).statusCode).toBe(403);
    const peer = await buildUser(s, org, "helpdesk", { login: false });
    expect((await createLink(s, helpdesk.headers, peer.id)).statusCode).toBe(201);
    expect(
      await s.database.db.selectFrom("password_resets").select("id").where("user_id", "=", org.admin.id).execute(),
    ).toEqual([]);
  });

  it("audits creation and use, without the token", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const url = (await createLink(s, org.admin.headers, member.id)).json().url as string;
    await complete(s, tokenOf(url));
    const audit = await s.request({ method: "GET", url: "/api/audit?limit=10", headers: org.admin.headers });
    const events = audit.json().events as Array<{
      action: string;
      actor: { label: string };
      target: string;
      detail: Record<string, unknown>;
    }>;
    const created = events.find((e) => e.action === "user_password_reset_link_created")!;
    expect(created).toMatchObject({
      actor: { label: org.admin.email },
      target: member.email,
      detail: { userId: member.id },
    });
    const used = events.find((e) => e.action === "user_password_reset")!;
    expect(used).toMatchObject({ target: member.email, detail: { userId: member.id, tokensRevoked: 1 } });
    expect(audit.body).not.toContain(tokenOf(url));
  });

  it("blocks an address that keeps presenting dead links, like failed sign-ins", async () => {
    const s = server();
    const remoteAddress = "203.0.113.77";
    for (let i = 0; i < 20; i++) {
      const res = await s.request({ method: "GET", url: `/api/password-reset/odr_guess${i}`, remoteAddress });
      expect(res.statusCode).toBe(410);
    }
    const blocked = await s.request({
      method: "POST",
      url: `/api/password-reset/odr_guess`,
      payload: { password: NEW_PASSWORD },
      remoteAddress,
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // Other addresses are not affected.
    expectInvalid(
      await s.request({ method: "GET", url: "/api/password-reset/odr_guess", remoteAddress: "203.0.113.78" }),
    );
    s.clock.advance(3_600_000);
  });
});

type Org = Awaited<ReturnType<typeof buildOrg>>;
type Member = Awaited<ReturnType<typeof buildUser>>;
const HELPDESK = { name: "helpdesk", label: "Helpdesk", permissions: { User: ["GetUsers", "RenewTokenKey"] } };
const setRole = (s: TestServer, org: Org, userId: string, role: string) =>
  s.request({ method: "PUT", url: "/api/user/permission", headers: org.admin.headers, payload: { userId, role } });
const openLink = (s: TestServer, headers: Record<string, string>, userId: string, method: "GET" | "DELETE" = "GET") =>
  s.request({ method, url: `/api/user/${userId}/password-reset`, headers });
const me = (s: TestServer, token: string) =>
  s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": token } });

/**
 * One way a link's issuer loses the right to it, made through the API (which ends the link at once)
 * or straight in the database (as a change the eager ending missed: the check on use must catch it).
 */
interface Scenario {
  name: string;
  /** Builds the issuer and the link's holder; the issuer's link is created afterwards. */
  setup(s: TestServer, org: Org): Promise<{ issuer: Member; holder: Member }>;
  api(s: TestServer, org: Org, p: { issuer: Member; holder: Member }): Promise<void>;
  db(s: TestServer, org: Org, p: { issuer: Member; holder: Member }): Promise<void>;
  reason: string;
  /** Whether the API change ends the holder's sessions itself (a role change of the holder does). */
  apiEndsHolderSessions?: boolean;
}

const createHelpdesk = async (s: TestServer, org: Org) =>
  expect(
    (await s.request({ method: "POST", url: "/api/permission", headers: org.admin.headers, payload: HELPDESK }))
      .statusCode,
  ).toBe(201);
const helpdeskPair = async (s: TestServer, org: Org) => {
  await createHelpdesk(s, org);
  return { issuer: await buildUser(s, org, "helpdesk"), holder: await buildUser(s, org, "helpdesk") };
};
const dbRole = (s: TestServer, userId: string, role: string) =>
  s.database.db.updateTable("users").set({ role }).where("id", "=", userId).execute();

const SCENARIOS: Scenario[] = [
  {
    name: "the issuer is demoted to read-only",
    setup: async (s, org) => ({
      issuer: await buildUser(s, org, "nanoAdmin"),
      holder: await buildUser(s, org, "nanoAdmin"),
    }),
    api: async (s, org, p) => expect((await setRole(s, org, p.issuer.id, "nanoReadOnly")).statusCode).toBe(200),
    db: (s, _org, p) => dbRole(s, p.issuer.id, "nanoReadOnly").then(() => undefined),
    reason: "issuer_lacks_permission",
  },
  {
    name: "the issuer is deleted",
    setup: async (s, org) => ({
      issuer: await buildUser(s, org, "nanoAdmin"),
      holder: await buildUser(s, org, "nanoAdmin"),
    }),
    api: async (s, org, p) =>
      expect(
        (await s.request({ method: "DELETE", url: `/api/user/${p.issuer.id}`, headers: org.admin.headers })).statusCode,
      ).toBe(200),
    db: async (s, _org, p) => {
      await s.database.db.deleteFrom("tokens").where("user_id", "=", p.issuer.id).execute();
      await s.database.db.deleteFrom("users").where("id", "=", p.issuer.id).execute();
    },
    reason: "issuer_deleted",
  },
  {
    name: "the issuer's custom role loses User.RenewTokenKey",
    setup: helpdeskPair,
    api: async (s, org) =>
      expect(
        (
          await s.request({
            method: "PUT",
            url: "/api/permission/helpdesk",
            headers: org.admin.headers,
            payload: { permissions: { User: ["GetUsers"] } },
          })
        ).statusCode,
      ).toBe(200),
    db: async (s, org) => {
      await s.database.db
        .updateTable("roles")
        .set({ permissions: JSON.stringify(["User.GetUsers"]) })
        .where("org_id", "=", org.id)
        .where("name", "=", "helpdesk")
        .execute();
    },
    reason: "issuer_lacks_permission",
  },
  {
    name: "the holder is promoted beyond the issuer's reach",
    setup: helpdeskPair,
    api: async (s, org, p) => expect((await setRole(s, org, p.holder.id, "nanoUser")).statusCode).toBe(200),
    db: (s, _org, p) => dbRole(s, p.holder.id, "nanoAdmin").then(() => undefined),
    reason: "member_beyond_issuer",
    apiEndsHolderSessions: true,
  },
];

describeEachDatabase("password reset links judged again when used", (server) => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: the change ends the link at once; the holder's password stays`, async () => {
      const s = server();
      const org = await buildOrg(s);
      const p = await sc.setup(s, org);
      const created = await createLink(s, p.issuer.headers, p.holder.id);
      expect(created.statusCode).toBe(201);
      const token = tokenOf(created.json().url);
      expect((await openLink(s, org.admin.headers, p.holder.id)).statusCode).toBe(200);

      await sc.api(s, org, p);
      expect((await openLink(s, org.admin.headers, p.holder.id)).statusCode).toBe(404);
      const row = await s.database.db
        .selectFrom("password_resets")
        .selectAll()
        .where("user_id", "=", p.holder.id)
        .executeTakeFirstOrThrow();
      expect(row.revoked_at).not.toBeNull();
      expectInvalid(await lookup(s, token));
      expectInvalid(await complete(s, token));
      expect((await me(s, p.holder.token)).statusCode).toBe(sc.apiEndsHolderSessions ? 401 : 200);
      await login(s, p.holder.email); // the old password still signs in
      s.clock.advance(3_600_000);
    });

    it(`${sc.name}, missed by the eager ending: the use is refused, audited, and changes nothing`, async () => {
      const s = server();
      const org = await buildOrg(s);
      const p = await sc.setup(s, org);
      const token = tokenOf((await createLink(s, p.issuer.headers, p.holder.id)).json().url);

      await sc.db(s, org, p);
      expectInvalid(await lookup(s, token));
      expectInvalid(await complete(s, token));
      expect((await me(s, p.holder.token)).statusCode).toBe(200);
      await login(s, p.holder.email);
      // Listed in the organisation's Activity under its own action, with the reason.
      const audit = await s.request({
        method: "GET",
        url: "/api/audit?action=password_reset_refused",
        headers: org.admin.headers,
      });
      const refused = audit.json().events as Array<Record<string, unknown>>;
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({
        target: p.holder.email,
        outcome: "failure",
        detail: { userId: p.holder.id, reason: sc.reason },
      });
      expect(audit.body).not.toContain(token);
      // Ended for good: even if the issuer got the right back, the link stays dead.
      const row = await s.database.db
        .selectFrom("password_resets")
        .selectAll()
        .where("user_id", "=", p.holder.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ used_at: null });
      expect(row.revoked_at).not.toBeNull();
      expectInvalid(await complete(s, token));
      s.clock.advance(3_600_000);
    });
  }

  it("a link made with the operator's command has no issuer to lose the right: it still works", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoAdmin", { login: false });
    const { url } = await s.services.passwordResets.createLinkForEmail(member.email);
    expect((await openLink(s, org.admin.headers, member.id)).json()).toMatchObject({ createdBy: "operator" });
    expect((await complete(s, tokenOf(url))).statusCode).toBe(200);
    await login(s, member.email, NEW_PASSWORD);
  });
});

describeEachDatabase("password reset links end with the account's changes", (server) => {
  async function linked(s: TestServer) {
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const token = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    return { org, member, token };
  }
  async function expectEnded(s: TestServer, org: Org, member: Member, token: string) {
    expect((await openLink(s, org.admin.headers, member.id)).statusCode).toBe(404);
    expectInvalid(await complete(s, token));
    s.clock.advance(3_600_000);
  }

  it("when the holder's role changes", async () => {
    const s = server();
    const { org, member, token } = await linked(s);
    expect((await setRole(s, org, member.id, "nanoReadOnly")).statusCode).toBe(200);
    await expectEnded(s, org, member, token);
  });

  it("when the holder changes their own password", async () => {
    const s = server();
    const { org, member, token } = await linked(s);
    const changed = await s.request({
      method: "PUT",
      url: "/api/user/password",
      headers: member.headers,
      payload: { currentPassword: member.password, newPassword: "my own new passphrase" },
    });
    expect(changed.statusCode).toBe(200);
    await expectEnded(s, org, member, token);
    await login(s, member.email, "my own new passphrase");
  });

  it("when the holder's tokens are reset", async () => {
    const s = server();
    const { org, member, token } = await linked(s);
    const reset = await s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: org.admin.headers,
      payload: { userId: member.id },
    });
    expect(reset.statusCode).toBe(200);
    await expectEnded(s, org, member, token);
  });

  it("but not when an unrelated member changes", async () => {
    const s = server();
    const { org, member, token } = await linked(s);
    const other = await buildUser(s, org, "nanoUser", { login: false });
    expect((await setRole(s, org, other.id, "nanoReadOnly")).statusCode).toBe(200);
    expect((await complete(s, token)).statusCode).toBe(200);
    await login(s, member.email, NEW_PASSWORD);
  });
});

describeEachDatabase("a member's open password reset link, seen and revoked by admins", (server) => {
  it("shows who issued it and until when (never the link), and revokes it once", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser", { login: false });
    expect((await openLink(s, org.admin.headers, member.id)).statusCode).toBe(404);
    const created = (await createLink(s, org.admin.headers, member.id)).json();
    const token = tokenOf(created.url);

    const seen = await openLink(s, org.admin.headers, member.id);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({
      createdBy: org.admin.email,
      createdAt: new Date(s.clock.now()).toISOString(),
      expiresAt: created.expiresAt,
    });
    expect(seen.body).not.toContain(token);

    const revoked = await openLink(s, org.admin.headers, member.id, "DELETE");
    expect(revoked.statusCode).toBe(204);
    expect(revoked.body).toBe("");
    expect((await openLink(s, org.admin.headers, member.id)).statusCode).toBe(404);
    const again = await openLink(s, org.admin.headers, member.id, "DELETE");
    expect(again.statusCode).toBe(404);
    expect(again.json().error.message).toMatch(/password reset link not found/i);
    expectInvalid(await complete(s, token));

    const audit = await s.database.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "user_password_reset_link_revoked")
      .where("org_id", "=", org.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_label: org.admin.email, target: member.email });
    expect(JSON.stringify(audit)).not.toContain(token);

    // An expired link is no open link either.
    await createLink(s, org.admin.headers, member.id);
    s.clock.advance(3_600_000);
    expect((await openLink(s, org.admin.headers, member.id)).statusCode).toBe(404);
    expect((await openLink(s, org.admin.headers, member.id, "DELETE")).statusCode).toBe(404);
  });

  it("is scoped to the organisation and needs User.RenewTokenKey; nobody revokes a more powerful member's link", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    const member = await buildUser(s, org, "nanoReadOnly", { login: false });
    await createLink(s, org.admin.headers, member.id);

    for (const method of ["GET", "DELETE"] as const) {
      const foreign = await openLink(s, other.admin.headers, member.id, method);
      const random = await openLink(s, other.admin.headers, crypto.randomUUID(), method);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toEqual(random.json());
      for (const role of ["nanoUser", "nanoReadOnly"]) {
        const caller = await buildUser(s, org, role);
        expect((await openLink(s, caller.headers, member.id, method)).statusCode).toBe(403);
      }
      expect((await openLink(s, { "x-bintu-apikey": org.apiKey }, member.id, method)).statusCode).toBe(403);
    }
    expect((await openLink(s, org.admin.headers, member.id)).statusCode).toBe(200);

    await createHelpdesk(s, org);
    const helpdesk = await buildUser(s, org, "helpdesk");
    const admin = await buildUser(s, org, "nanoAdmin", { login: false });
    await s.services.passwordResets.createLinkForEmail(admin.email);
    expect((await openLink(s, helpdesk.headers, admin.id)).statusCode).toBe(200);
    expect((await openLink(s, helpdesk.headers, admin.id, "DELETE")).statusCode).toBe(403);
    expect((await openLink(s, org.admin.headers, admin.id)).statusCode).toBe(200);
  });
});

describeEachDatabase("a completed reset lifts the account's sign-in block", (server) => {
  it("after failed sign-ins blocked the account, the new password signs in at once", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser", { login: false });
    const attempt = (remoteAddress: string, password: string) =>
      s.request({
        method: "POST",
        url: "/api/user/validate",
        remoteAddress,
        payload: { email: member.email, password },
      });
    // 10 from one address block that pair; 100 in all block the account everywhere.
    for (let i = 0; i < 100; i++)
      expect((await attempt(i < 10 ? "198.51.100.9" : `10.1.${i % 20}.${i}`, `wrong-${i}-pass`)).statusCode).toBe(401);
    expect((await attempt("198.51.100.9", member.password)).statusCode).toBe(429);
    expect((await attempt("198.51.100.10", member.password)).statusCode).toBe(429);
    // Another account whose email starts like this one's, blocked from the same address.
    const other = await s.services.users.createUser(
      { orgId: org.id, email: `${member.email}.example`, password: member.password, role: "nanoUser" },
      { actor: { kind: "system", label: "test" } },
    );
    const sibling = (password: string) =>
      s.request({
        method: "POST",
        url: "/api/user/validate",
        remoteAddress: "198.51.100.9",
        payload: { email: other.email, password },
      });
    for (let i = 0; i < 10; i++) expect((await sibling(`wrong-${i}-pass`)).statusCode).toBe(401);
    expect((await sibling(member.password)).statusCode).toBe(429);

    const token = tokenOf((await createLink(s, org.admin.headers, member.id)).json().url);
    expect((await complete(s, token)).statusCode).toBe(200);
    expect((await attempt("198.51.100.9", NEW_PASSWORD)).statusCode).toBe(200);
    expect((await attempt("198.51.100.10", NEW_PASSWORD)).statusCode).toBe(200);
    // Only this account's counters went: another account's block from the same address stays.
    expect((await sibling(member.password)).statusCode).toBe(429);
  });
});
