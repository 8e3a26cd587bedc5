import { expect, it } from "vitest";
import { buildOrg, login } from "../../test/factories.js";
import { describeEachDatabase } from "../../test/harness.js";

const MIN = 60_000;

describeEachDatabase(
  "bintu token idle limit (ORGDECK_TOKEN_IDLE=30m)",
  (server) => {
    it("keeps a token alive while it is used and ends it after 30 idle minutes", async () => {
      const s = server();
      const org = await buildOrg(s);
      const me = () => s.request({ method: "GET", url: "/api/user/me", headers: org.admin.headers });
      // Used every 25 minutes for two hours: still alive.
      for (let i = 0; i < 5; i++) {
        s.clock.advance(25 * MIN);
        expect((await me()).statusCode).toBe(200);
      }
      s.clock.advance(30 * MIN);
      expect((await me()).statusCode).toBe(401);
    });

    it("still ends an active token at its lifetime, and counts idleness per token", async () => {
      const s = server();
      const org = await buildOrg(s);
      const other = { "x-bintu-token": await login(s, org.admin.email) };
      for (let i = 0; i < 5; i++) {
        s.clock.advance(20 * MIN);
        expect(
          (await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers })).statusCode,
        ).toBe(200);
      }
      // The second token was not used for 100 minutes.
      expect((await s.request({ method: "GET", url: "/api/organisation", headers: other })).statusCode).toBe(401);
      for (let i = 0; i < 67; i++) {
        s.clock.advance(20 * MIN);
        await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
      }
      // 24 h after login the lifetime is over, however busy the token was.
      expect(
        (await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers })).statusCode,
      ).toBe(401);
    });
  },
  { ORGDECK_TOKEN_IDLE: "30m" },
);

describeEachDatabase("bintu tokens without an idle limit (default)", (server) => {
  it("live their whole lifetime unused, and are written to at most every five minutes (for last active)", async () => {
    const s = server();
    const org = await buildOrg(s);
    const lastUsed = async () =>
      Number(
        (
          await s.database.db
            .selectFrom("tokens")
            .select(["last_used_at"])
            .where("user_id", "=", org.admin.id)
            .executeTakeFirstOrThrow()
        ).last_used_at,
      );
    const me = () => s.request({ method: "GET", url: "/api/user/me", headers: org.admin.headers });
    s.clock.advance(23 * 60 * MIN);
    expect((await me()).statusCode).toBe(200);
    const written = s.clock.now();
    expect(await lastUsed()).toBe(written);
    // Requests within five minutes write nothing.
    s.clock.advance(4 * MIN);
    expect((await me()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(written);
    s.clock.advance(MIN);
    expect((await me()).statusCode).toBe(200);
    expect(await lastUsed()).toBe(s.clock.now());
  });
});
