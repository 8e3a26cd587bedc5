// Canary sweep: drive every flow that issues or carries a secret with logging at its most verbose, then
// search the log lines, the audit rows and the error bodies for each secret. None may appear.
import { expect, it } from "vitest";
import { PASSWORD, buildOrg, login } from "../test/factories.js";
import { describeEachDatabase } from "../test/harness.js";

const INGEST_SECRET = "canary-ingest-secret-5f2c";
const lines: string[] = [];
const logStream = { write: (line: string) => void lines.push(line) };

describeEachDatabase(
  "no secret reaches the logs or the audit trail",
  (server) => {
    it("logs requests at trace level with every credential, token, key and password left out", async () => {
      const s = server();
      lines.length = 0;
      const errors: string[] = [];
      const call = async (opts: Parameters<typeof s.request>[0]) => {
        const res = await s.request(opts);
        if (res.statusCode >= 400) errors.push(res.body);
        return res;
      };
      const org = await buildOrg(s);
      const secrets = new Set<string>([PASSWORD, org.admin.token, org.apiKey, org.playerKey, INGEST_SECRET]);

      // Keys: revealed, rotated, used in headers, and wrongly offered in the query string.
      await call({ method: "GET", url: "/api/organisation/apikey", headers: org.admin.headers });
      const rotated = (
        await call({ method: "POST", url: "/api/organisation/apikey/rotate", headers: org.admin.headers })
      ).json().apiKey as string;
      secrets.add(rotated);
      await call({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": rotated } });
      await call({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": org.apiKey } }); // the old one: 401
      await call({ method: "GET", url: `/api/organisation?api_key=${rotated}` });
      await call({ method: "GET", url: "/api/organisation", headers: { authorization: `Bearer ${org.admin.token}` } });

      // An invitation from link to member, with a failed and a good sign-in and a password change.
      const invite = (
        await call({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload: { role: "nanoUser" } })
      ).json();
      const inviteToken = String(invite.url).split("/").pop()!;
      secrets.add(inviteToken);
      await call({ method: "GET", url: `/api/invite/${inviteToken}` });
      const memberPassword = "canary member passphrase";
      secrets.add(memberPassword);
      const accepted = (
        await call({
          method: "POST",
          url: `/api/invite/${inviteToken}/accept`,
          payload: { email: "canary@example.com", password: memberPassword },
        })
      ).json();
      secrets.add(accepted.token);
      await call({
        method: "POST",
        url: `/api/invite/${inviteToken}/accept`,
        payload: { email: "late@example.com", password: memberPassword },
      }); // 410
      const wrongPassword = "canary wrong passphrase";
      secrets.add(wrongPassword);
      await call({
        method: "POST",
        url: "/api/user/validate",
        payload: { email: "canary@example.com", password: wrongPassword },
      });
      const second = await login(s, "canary@example.com", memberPassword);
      secrets.add(second);
      const changedPassword = "canary changed passphrase";
      secrets.add(changedPassword);
      await call({
        method: "PUT",
        url: "/api/user/password",
        headers: { "x-bintu-token": second },
        payload: { currentPassword: wrongPassword, newPassword: changedPassword },
      });
      await call({
        method: "PUT",
        url: "/api/user/password",
        headers: { "x-bintu-token": second },
        payload: { currentPassword: memberPassword, newPassword: changedPassword },
      });
      const reset = (
        await call({
          method: "PUT",
          url: "/api/user/tokenkey",
          headers: org.admin.headers,
          payload: { userId: accepted.user.id },
        })
      ).json();
      expect(reset.tokenKey).toEqual(expect.any(String));
      await call({ method: "GET", url: "/api/user/me", headers: { "x-bintu-token": second } }); // revoked: 401

      // The media server's callback carries the ingest secret in its query string.
      await call({
        method: "POST",
        url: `/api/ingest/rtmp?secret=${INGEST_SECRET}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "call=publish&name=nope-00000&app=live",
      });
      await call({
        method: "POST",
        url: "/api/ingest/rtmp?secret=wrong",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: "call=publish&name=nope-00000&app=live",
      });
      await call({ method: "POST", url: "/api/user/logout", headers: org.admin.headers });

      // The sweep proves something only if the log really holds the requests and the error answers.
      const log = lines.join("");
      expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThanOrEqual(20);
      expect(log).toContain("/api/invite/[redacted]");
      expect(errors.length).toBeGreaterThanOrEqual(5);
      const audit = JSON.stringify(await s.database.db.selectFrom("audit_events").selectAll().execute());
      expect(audit).toContain("authn_password_changed");

      const leaks: string[] = [];
      for (const secret of secrets) {
        if (log.includes(secret)) leaks.push(`log: ${secret.slice(0, 8)}…`);
        if (audit.includes(secret)) leaks.push(`audit: ${secret.slice(0, 8)}…`);
        for (const body of errors) if (body.includes(secret)) leaks.push(`error body: ${secret.slice(0, 8)}…`);
      }
      expect(leaks).toEqual([]);
    });
  },
  { LOG_LEVEL: "trace", ORGDECK_INGEST_SECRET: INGEST_SECRET },
  { logStream },
);
