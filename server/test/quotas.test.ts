// Per-organisation limits the operator sets: beyond them, 409 quota_exceeded naming the limit, exact
// under any number of parallel creators; and at most 20 live sessions per user, a new sign-in ending
// the oldest.
import { sql } from "kysely";
import { expect, it } from "vitest";
import type { LimitKey } from "../../contract/limits.js";
import { PASSWORD, buildOrg, buildUser, login, type TestOrg } from "./factories.js";
import { describeEachDatabase, type TestServer } from "./harness.js";

const PARALLEL = 32;
const LIMIT = 5;

const ONLY = {
  all: sql``,
  alive: sql`AND state <> 'deleted'`,
  pending: sql`AND used_at IS NULL AND revoked_at IS NULL`,
};

/** Rows of `table` in the organisation, counted in the database itself. */
async function rows(s: TestServer, table: string, orgId: string, only: keyof typeof ONLY = "all") {
  const r = await sql<{
    n: number | string;
  }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE org_id = ${orgId} ${ONLY[only]}`.execute(s.database.db);
  return Number(r.rows[0]!.n);
}

/** Fires PARALLEL requests at once; exactly `ok` succeed, every other one is 409 quota_exceeded naming `noun`. */
async function race(
  send: (i: number) => Promise<{ statusCode: number; json: () => any }>,
  ok: number,
  okStatus: number,
  noun: string,
) {
  const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => send(i)));
  const statuses = answers.map((a) => a.statusCode);
  expect(statuses.filter((c) => c === okStatus)).toHaveLength(ok);
  for (const a of answers.filter((x) => x.statusCode !== okStatus)) {
    expect(a.statusCode).toBe(409);
    expect(a.json().error.code).toBe("quota_exceeded");
    expect(a.json().error.message).toContain(`at most ${LIMIT} ${noun}`);
  }
}

describeEachDatabase(
  "quotas",
  (server) => {
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

    async function limited(
      s: TestServer,
      key: LimitKey,
      extra: Partial<Record<LimitKey, number>> = {},
    ): Promise<TestOrg> {
      const org = await buildOrg(s);
      await s.services.organisations.updateOrganisation(org.hash, { limits: { [key]: LIMIT, ...extra } });
      return org;
    }

    it(`holds every limit exactly against ${PARALLEL} parallel creators: streams, invitations, roles, event endpoints`, async () => {
      const s = server();
      const post = (org: TestOrg, url: string, payload: object) =>
        s.request({ method: "POST", url, headers: org.admin.headers, payload });

      const streams = await limited(s, "streams");
      await race((i) => post(streams, "/api/stream", { tags: [`t${i % 3}`] }), LIMIT, 201, "streams");
      expect(await rows(s, "streams", streams.id, "alive")).toBe(LIMIT);
      expect(
        (await s.request({ method: "GET", url: "/api/stream", headers: streams.admin.headers })).json().total,
      ).toBe(LIMIT);

      const invites = await limited(s, "invites");
      await race(() => post(invites, "/api/invite", { role: "nanoReadOnly" }), LIMIT, 201, "pending invitations");
      expect(await rows(s, "invites", invites.id, "pending")).toBe(LIMIT);

      const roles = await limited(s, "roles");
      const role = (i: number) => ({ name: `r${i}`, label: `r${i}`, permissions: { Organisation: ["Get"] } });
      await race((i) => post(roles, "/api/permission", role(i)), LIMIT, 201, "custom roles");
      expect(await rows(s, "roles", roles.id)).toBe(LIMIT);

      const endpoints = await limited(s, "endpoints");
      const endpoint = (i: number) => ({ url: `http://127.0.0.1:9/e${i}`, events: ["member.removed"] });
      await race((i) => post(endpoints, "/api/event-endpoint", endpoint(i)), LIMIT, 201, "event endpoints");
      expect(await rows(s, "event_endpoints", endpoints.id)).toBe(LIMIT);
    });

    it(`holds the member limit exactly when ${PARALLEL} invitations are accepted at once`, async () => {
      const s = server();
      const org = await limited(s, "members", { invites: PARALLEL });
      const links: string[] = [];
      for (let i = 0; i < PARALLEL; i++) {
        const res = await s.request({
          method: "POST",
          url: "/api/invite",
          headers: org.admin.headers,
          payload: { role: "nanoReadOnly" },
        });
        links.push(res.json().url.split("/").pop());
      }
      // Each from its own address, so the failed accepts stay below the per-address limit.
      const accept = (i: number) =>
        s.request({
          method: "POST",
          url: `/api/invite/${links[i]}/accept`,
          remoteAddress: `10.1.0.${i + 1}`,
          payload: { email: `joiner${i}@example.com`, password: PASSWORD },
        });
      // The admin is one of the LIMIT members.
      await race(accept, LIMIT - 1, 200, "members");
      expect(await rows(s, "users", org.id)).toBe(LIMIT);
      expect(
        (await s.request({ method: "GET", url: "/api/user?limit=50", headers: org.admin.headers })).json().total,
      ).toBe(LIMIT);
    });
  },
  { ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any" },
);
