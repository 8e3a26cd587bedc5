import { afterAll, expect, it } from "vitest";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { startSignedReceiver } from "./test-support.js";

/** The organisation's webhook (publish/play decisions, "Send test") is signed; its secret rotates with a 24 h overlap. */
const SECRET = "signing-ingest-secret";
const ENV = { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any" };
const DAY = 24 * 60 * 60 * 1000;

describeEachDatabase(
  "signed webhook calls",
  (server) => {
    let rx: Awaited<ReturnType<typeof startSignedReceiver>> | undefined;
    afterAll(async () => rx?.close());

    const call = (s: TestServer, org: TestOrg, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
      s.request({ method, url, headers: org.admin.headers, ...(payload ? { payload } : {}) });
    const ingest = (s: TestServer, body: Record<string, string>) =>
      s.request({
        method: "POST",
        url: `/api/ingest/rtmp?secret=${SECRET}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(body).toString(),
      });

    /** An organisation whose webhook is the signed receiver, one stream, and the webhook secret. */
    async function setUp(s: TestServer) {
      rx ??= await startSignedReceiver(s.clock);
      rx.reset();
      const org = await buildOrg(s);
      expect(
        (await call(s, org, "PUT", "/api/organisation/webhook", { webhook: rx.url(`/${org.id}`) })).statusCode,
      ).toBe(200);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      return { org, st, rx };
    }

    it("signs every decision call and the test call with the organisation's secret; the form body is what is signed", async () => {
      const s = server();
      const { org, st, rx } = await setUp(s);
      const revealed = await call(s, org, "GET", "/api/organisation/webhook/secret");
      expect(revealed.statusCode).toBe(200);
      expect(revealed.headers["cache-control"]).toBe("no-store");
      const secret = revealed.json<{ secret: string }>().secret;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      rx.trust([secret]);

      expect((await ingest(s, { call: "publish", name: st.name, app: "live" })).statusCode).toBe(200);
      expect((await ingest(s, { call: "play", name: st.name, app: "live", addr: "203.0.113.7" })).statusCode).toBe(200);
      expect((await call(s, org, "POST", "/api/organisation/webhook/test")).statusCode).toBe(200);
      expect(rx.receipts).toHaveLength(3);
      for (const r of rx.receipts) expect(r.verifiedBy).toEqual([secret]);
      expect(new URLSearchParams(rx.receipts[0]!.body).get("call")).toBe("publish");
      expect(new Set(rx.receipts.map((r) => r.id)).size).toBe(3);
      // Another secret does not verify: the check can fail.
      rx.trust([`whsec_${Buffer.alloc(32, 7).toString("base64")}`]);
      await ingest(s, { call: "play", name: st.name, app: "live", addr: "203.0.113.8" });
      expect(rx.receipts.at(-1)!.verifiedBy).toEqual([]);
      expect(JSON.stringify((await call(s, org, "GET", "/api/audit?limit=50")).json())).toContain(
        "webhook_secret_revealed",
      );
    });

    it("during the 24 h after a rotation both secrets verify; after it only the new one", async () => {
      const s = server();
      const { org, st, rx } = await setUp(s);
      const old = (await call(s, org, "GET", "/api/organisation/webhook/secret")).json<{ secret: string }>().secret;
      const rotated = await call(s, org, "POST", "/api/organisation/webhook/secret/rotate");
      expect(rotated.statusCode).toBe(200);
      expect(rotated.headers["cache-control"]).toBe("no-store");
      const fresh = rotated.json<{ secret: string }>().secret;
      expect(fresh).not.toBe(old);
      expect((await call(s, org, "GET", "/api/organisation/webhook/secret")).json()).toEqual({ secret: fresh });
      rx.trust([fresh, old]);

      await ingest(s, { call: "publish", name: st.name, app: "live" });
      expect(rx.receipts.at(-1)!.verifiedBy).toEqual([fresh, old]);
      // Checked now: the admin's token does not outlive the day the clock moves on.
      expect(JSON.stringify((await call(s, org, "GET", "/api/audit?limit=50")).json())).toContain(
        "webhook_secret_rotated",
      );
      s.clock.advance(DAY - 1000);
      await ingest(s, { call: "play", name: st.name, app: "live", addr: "203.0.113.9" });
      expect(rx.receipts.at(-1)!.verifiedBy).toEqual([fresh, old]);
      s.clock.advance(2000);
      await ingest(s, { call: "play", name: st.name, app: "live", addr: "203.0.113.10" });
      expect(rx.receipts.at(-1)!.verifiedBy).toEqual([fresh]);
      expect(rx.receipts).toHaveLength(3);
    });

    it("gives an organisation from before the secret existed one at start-up", async () => {
      const s = server();
      const org = await buildOrg(s);
      await s.database.db
        .updateTable("organisations")
        .set({ webhook_secret_enc: null })
        .where("id", "=", org.id)
        .execute();
      expect(await s.services.organisations.fillMissingWebhookSecrets()).toBeGreaterThanOrEqual(1);
      const row = await s.database.db
        .selectFrom("organisations")
        .select("webhook_secret_enc")
        .where("id", "=", org.id)
        .executeTakeFirstOrThrow();
      expect(row.webhook_secret_enc).not.toBeNull();
      expect(row.webhook_secret_enc).not.toContain("whsec_");
      const shown = (await call(s, org, "GET", "/api/organisation/webhook/secret")).json<{ secret: string }>().secret;
      expect(shown).toMatch(/^whsec_/);
      // The one filled in is the one kept: a second look shows the same secret.
      expect((await call(s, org, "GET", "/api/organisation/webhook/secret")).json()).toEqual({ secret: shown });
    });
  },
  ENV,
);
