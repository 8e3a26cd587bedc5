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
