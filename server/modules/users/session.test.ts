import { hash } from "@node-rs/argon2";
import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { PASSWORD, buildOrg, buildUser, login } from "../../test/factories.js";

const json = { "content-type": "application/json" };

// Timing, the hash format, its upgrade and the cap on parallel hashing need the real argon2id cost.
describeEachDatabase(
  "login and bintu tokens",
  (server) => {
    it("logs in case-insensitively and returns a token, its expiry and the user", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await s.request({
        method: "POST",
        url: "/api/user/validate",
        payload: { email: org.admin.email.toUpperCase(), password: PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-store");
      const body = res.json();
      expect(body.token).toMatch(/^odt_[0-9A-Za-z]{36}$/);
      expect(body.user).toEqual({
        id: org.admin.id,
        email: org.admin.email,
        role: "nanoAdmin",
        tokenKey: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(Date.parse(body.expiresAt) - s.clock.now()).toBe(24 * 3600 * 1000);
      expect(JSON.stringify(body)).not.toContain("argon2");
    });

    it("answers an unknown email and a wrong password with the same 401", async () => {
      const s = server();
      const org = await buildOrg(s);
      const wrong = await s.request({
        method: "POST",
        url: "/api/user/validate",
        payload: { email: org.admin.email, password: "wrong password here" },
      });
      const unknown = await s.request({
        method: "POST",
        url: "/api/user/validate",
        payload: { email: "nobody@example.com", password: "wrong password here" },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
    });

    it("takes as long for an unknown email as for a wrong password (medians of 30 within 20 %)", async () => {
      const s = server();
      const org = await buildOrg(s);
      const time = async (email: string, i: number) => {
        const t0 = performance.now();
        const res = await s.request({
          method: "POST",
          url: "/api/user/validate",
          remoteAddress: `10.9.${i >> 8}.${i & 255}`,
          payload: { email, password: "wrong password here" },
        });
        expect(res.statusCode).toBe(401);
        return performance.now() - t0;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 30; i++) {
        known.push(await time(org.admin.email, 2 * i));
        unknown.push(await time(`nobody-${i}@example.com`, 2 * i + 1));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[15]!;
      const ratio = median(unknown) / median(known);
      expect(ratio, `unknown ${median(unknown).toFixed(1)} ms vs wrong ${median(known).toFixed(1)} ms`).toBeGreaterThan(
        0.8,
      );
      expect(ratio).toBeLessThan(1.25);
    }, 60_000);

    it("blocks the account at that address after 10 failures, even from rotating forwarded addresses (the proxy is not trusted) and with the right password", async () => {
      const s = server();
      const org = await buildOrg(s);
      for (let i = 0; i < 10; i++) {
        const r = await s.request({
          method: "POST",
          url: "/api/user/validate",
          headers: { "x-forwarded-for": `203.0.113.${i}` },
          payload: { email: org.admin.email, password: `wrong-${i}-password` },
        });
        expect(r.statusCode).toBe(401);
      }
      const blocked = await s.request({
        method: "POST",
        url: "/api/user/validate",
        headers: { "x-forwarded-for": "198.51.100.7" },
        payload: { email: org.admin.email, password: PASSWORD },
      });
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
      const events = await s.database.db
        .selectFrom("audit_events")
        .select("action")
        .where("org_id", "=", org.id)
        .where("action", "=", "authn_login_fail_max")
        .execute();
      expect(events).toHaveLength(1);
      s.clock.advance(16 * 60 * 1000);
      expect(await login(s, org.admin.email)).toMatch(/^odt_/);
    });

    it("10 wrong passwords from one address block that address for the account, not the owner signing in elsewhere", async () => {
      const s = server();
      const org = await buildOrg(s);
      const attempt = (remoteAddress: string, password: string) =>
        s.request({
          method: "POST",
          url: "/api/user/validate",
          remoteAddress,
          payload: { email: org.admin.email, password },
        });
      for (let i = 0; i < 10; i++) expect((await attempt("203.0.113.9", `wrong-${i}-password`)).statusCode).toBe(401);
      expect((await attempt("203.0.113.9", PASSWORD)).statusCode).toBe(429);
      // The owner, from its own address, is not locked out by someone else's guessing.
      expect((await attempt("198.51.100.20", PASSWORD)).statusCode).toBe(200);
    });

    it("100 wrong passwords for one account from many addresses block the account everywhere for an hour", async () => {
      const s = server();
      const org = await buildOrg(s);
      const attempt = (remoteAddress: string, password: string) =>
        s.request({
          method: "POST",
          url: "/api/user/validate",
          remoteAddress,
          payload: { email: org.admin.email, password },
        });
      for (let i = 0; i < 100; i++)
        expect((await attempt(`10.0.${i % 20}.${Math.floor(i / 20)}`, `wrong-${i}-password`)).statusCode).toBe(401);
      const owner = await attempt("198.51.100.20", PASSWORD);
      expect(owner.statusCode).toBe(429);
      expect(Number(owner.headers["retry-after"])).toBeGreaterThan(15 * 60);
      s.clock.advance(61 * 60 * 1000);
      expect((await attempt("198.51.100.20", PASSWORD)).statusCode).toBe(200);
    });

    it("accepts the token as X-BINTU-TOKEN and as Authorization: Bearer", async () => {
      const s = server();
      const org = await buildOrg(s);
      for (const headers of [{ "x-bintu-token": org.admin.token }, { authorization: `Bearer ${org.admin.token}` }]) {
        const res = await s.request({ method: "GET", url: "/api/user/me", headers });
        expect(res.statusCode).toBe(200);
        expect(res.json().permissions).toContain("ApiKey.Get");
      }
    });

    it("refuses credentials in the query string", async () => {
      const s = server();
      const org = await buildOrg(s);
      for (const q of [`token=${org.admin.token}`, `api_key=${org.apiKey}`]) {
        const res = await s.request({ method: "GET", url: `/api/organisation?${q}` });
        expect(res.statusCode).toBe(400);
      }
    });

    it("expires tokens after the configured lifetime", async () => {
      const s = server();
      const org = await buildOrg(s);
      s.clock.advance(24 * 3600 * 1000 - 1000);
      expect(
        (await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers })).statusCode,
      ).toBe(200);
      s.clock.advance(2000);
      expect(
        (await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers })).statusCode,
      ).toBe(401);
    });

    it("kills the token at logout and audits it", async () => {
      const s = server();
      const org = await buildOrg(s);
      const other = await login(s, org.admin.email);
      expect(
        (await s.request({ method: "POST", url: "/api/user/logout", headers: org.admin.headers })).statusCode,
      ).toBe(200);
      expect((await s.request({ method: "GET", url: "/api/user/me", headers: org.admin.headers })).statusCode).toBe(
        401,
      );
      expect(
        (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": other } })).statusCode,
      ).toBe(200);
      const logout = await s.database.db
        .selectFrom("audit_events")
        .select("action")
        .where("org_id", "=", org.id)
        .where("action", "=", "session_logout")
        .execute();
      expect(logout).toHaveLength(1);
    });

    it("stores tokens only as SHA-256 digests and passwords as argon2id", async () => {
      const s = server();
      const org = await buildOrg(s);
      const tokens = await s.database.db.selectFrom("tokens").selectAll().where("user_id", "=", org.admin.id).execute();
      expect(tokens.length).toBeGreaterThan(0);
      for (const t of tokens) expect(t.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(tokens)).not.toContain(org.admin.token);
      const user = await s.database.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", org.admin.id)
        .executeTakeFirstOrThrow();
      expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const row = await s.database.db
        .selectFrom("organisations")
        .selectAll()
        .where("id", "=", org.id)
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(org.apiKey);
      expect(JSON.stringify(row)).not.toContain(org.playerKey);
    });

    it("upgrades a weaker legacy hash at the next login", async () => {
      const s = server();
      const org = await buildOrg(s);
      const member = await buildUser(s, org, "nanoUser", { login: false });
      const legacy = await hash(PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
      await s.database.db.updateTable("users").set({ password_hash: legacy }).where("id", "=", member.id).execute();
      await login(s, member.email);
      const after = await s.database.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", member.id)
        .executeTakeFirstOrThrow();
      expect(after.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    });

    it("rejects bad login input with a 400, 413 or 415 naming the problem", async () => {
      const s = server();
      const cases: Array<[object, number, RegExp]> = [
        [{ payload: { email: 5, password: "x" } }, 400, /email/],
        [{ payload: { email: "a@b.c", password: "12345678", role: "nanoAdmin" } }, 400, /unknown field: role/],
        [{ payload: { email: "a@b.c", password: "p".repeat(1024 * 1024) } }, 413, /too large/],
        [{ payload: '{"email":"a@b.c","password":"12345678","__proto__":{"isAdmin":true}}', headers: json }, 400, /./],
        [{ payload: "email=a@b.c", headers: { "content-type": "text/plain" } }, 415, /application\/json/],
      ];
      for (const [opts, status, message] of cases) {
        const res = await s.request({ method: "POST", url: "/api/user/validate", ...opts });
        expect(res.statusCode).toBe(status);
        expect(res.json().error.message).toMatch(message);
      }
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });

    it("survives 100 parallel sign-ins: hashing is capped, the overflow gets 503 at once, memory stays bounded", async () => {
      const s = server();
      const org = await buildOrg(s);
      const before = process.memoryUsage().rss;
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          s.request({
            method: "POST",
            url: "/api/user/validate",
            payload: { email: org.admin.email, password: PASSWORD },
          }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.every((c) => c === 200 || c === 503)).toBe(true);
      // Two hash at a time and 64 wait: the rest is turned away rather than queued without bound.
      expect(statuses.filter((c) => c === 200).length).toBeGreaterThanOrEqual(60);
      expect(statuses.filter((c) => c === 503).length).toBeGreaterThan(0);
      const turnedAway = answers.find((a) => a.statusCode === 503)!;
      expect(turnedAway.json().error.code).toBe("unavailable");
      expect(turnedAway.headers["retry-after"]).toBe("2");
      expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
      expect((await s.request({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    });

    it("changes the password with the current one, ends the other sessions and keeps this one", async () => {
      const s = server();
      const org = await buildOrg(s);
      const member = await buildUser(s, org, "nanoReadOnly");
      const elsewhere = await login(s, member.email);
      const next = "a new passphrase 🎉 for 2026";
      const res = await s.request({
        method: "PUT",
        url: "/api/user/password",
        headers: member.headers,
        payload: { currentPassword: PASSWORD, newPassword: next },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: true, signedOutSessions: 1 });
      expect((await s.request({ method: "GET", url: "/api/user/me", headers: member.headers })).statusCode).toBe(200);
      expect(
        (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": elsewhere } })).statusCode,
      ).toBe(401);
      const old = await s.request({
        method: "POST",
        url: "/api/user/validate",
        payload: { email: member.email, password: PASSWORD },
      });
      expect(old.statusCode).toBe(401);
      await login(s, member.email, next);
      const audit = await s.database.db
        .selectFrom("audit_events")
        .select(["action", "detail"])
        .where("org_id", "=", org.id)
        .where("action", "=", "authn_password_changed")
        .execute();
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(next);
    });

    it("can keep the other sessions when asked", async () => {
      const s = server();
      const org = await buildOrg(s);
      const elsewhere = await login(s, org.admin.email);
      const res = await s.request({
        method: "PUT",
        url: "/api/user/password",
        headers: org.admin.headers,
        payload: { currentPassword: PASSWORD, newPassword: "another fine passphrase", signOutOtherSessions: false },
      });
      expect(res.json()).toEqual({ ok: true, signedOutSessions: 0 });
      expect(
        (await s.request({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": elsewhere } })).statusCode,
      ).toBe(200);
    });

    it("refuses a wrong current password, a weak or unchanged new one, and changes nothing", async () => {
      const s = server();
      const org = await buildOrg(s);
      const before = await s.database.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", org.admin.id)
        .executeTakeFirstOrThrow();
      const cases: Array<[object, RegExp]> = [
        [
          { currentPassword: "not my password", newPassword: "a perfectly good passphrase" },
          /currentPassword: this is not your current password/,
        ],
        [{ currentPassword: PASSWORD, newPassword: "short" }, /at least 8 characters/],
        [{ currentPassword: PASSWORD, newPassword: "password123" }, /too common/],
        [{ currentPassword: PASSWORD, newPassword: PASSWORD }, /different from the current one/],
        [
          { currentPassword: PASSWORD, newPassword: "a perfectly good passphrase", role: "nanoAdmin" },
          /unknown field: role/,
        ],
        [
          { currentPassword: PASSWORD, newPassword: "a perfectly good passphrase", signOutOtherSessions: "yes" },
          /signOutOtherSessions must be a boolean/,
        ],
      ];
      for (const [payload, message] of cases) {
        const res = await s.request({ method: "PUT", url: "/api/user/password", headers: org.admin.headers, payload });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.json().error.message).toMatch(message);
      }
      const after = await s.database.db
        .selectFrom("users")
        .select("password_hash")
        .where("id", "=", org.admin.id)
        .executeTakeFirstOrThrow();
      expect(after.password_hash).toBe(before.password_hash);
      expect((await s.request({ method: "GET", url: "/api/user/me", headers: org.admin.headers })).statusCode).toBe(
        200,
      );
    });

    it("blocks guessing the current password after 10 wrong tries, like sign-in", async () => {
      const s = server();
      const org = await buildOrg(s);
      const attempt = (currentPassword: string) =>
        s.request({
          method: "PUT",
          url: "/api/user/password",
          headers: org.admin.headers,
          payload: { currentPassword, newPassword: "a perfectly good passphrase" },
        });
      for (let i = 0; i < 10; i++) expect((await attempt(`guess number ${i}`)).statusCode).toBe(400);
      const blocked = await attempt(PASSWORD);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
      const failures = await s.database.db
        .selectFrom("audit_events")
        .select("action")
        .where("org_id", "=", org.id)
        .where("action", "=", "authn_password_change_fail")
        .execute();
      expect(failures).toHaveLength(10);
    });

    it("is for user tokens only: the API key has no password", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await s.request({
        method: "PUT",
        url: "/api/user/password",
        headers: { "x-bintu-apikey": org.apiKey },
        payload: { currentPassword: PASSWORD, newPassword: "a perfectly good passphrase" },
      });
      expect(res.statusCode).toBe(403);
    });
  },
  {},
  { realPasswordHashing: true },
);

describeEachDatabase(
  "sign-in behind a trusted proxy",
  (server) => {
    it("takes the client address from X-Forwarded-For, so one client's guessing blocks only that client", async () => {
      const s = server();
      const org = await buildOrg(s);
      const attempt = (client: string, password: string) =>
        s.request({
          method: "POST",
          url: "/api/user/validate",
          remoteAddress: "127.0.0.1",
          headers: { "x-forwarded-for": client },
          payload: { email: org.admin.email, password },
        });
      for (let i = 0; i < 10; i++) expect((await attempt("203.0.113.9", `wrong-${i}-password`)).statusCode).toBe(401);
      expect((await attempt("203.0.113.9", PASSWORD)).statusCode).toBe(429);
      expect((await attempt("198.51.100.20", PASSWORD)).statusCode).toBe(200);
      const fails = await s.database.db
        .selectFrom("audit_events")
        .select("ip")
        .where("org_id", "=", org.id)
        .where("action", "=", "authn_login_fail")
        .execute();
      expect(new Set(fails.map((f) => f.ip))).toEqual(new Set(["203.0.113.9"]));
    });
  },
  { ORGDECK_TRUST_PROXY: "127.0.0.1" },
);
