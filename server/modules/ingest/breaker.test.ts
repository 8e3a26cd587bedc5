import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg } from "../../test/factories.js";
import { startReceiver } from "../../test/receiver.js";
import { MAX_CALLS_IN_FLIGHT } from "./ingest.service.js";

const SECRET = "ingest-secret-for-tests";
const ENV = {
  ORGDECK_INGEST_SECRET: SECRET,
  ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
  ORGDECK_WEBHOOK_PORTS: "any",
  ORGDECK_WEBHOOK_DEADLINE: "10s",
};

/** Calls to `held.test` wait in name resolution until the gate opens: calls in flight, held by the test. */
let gate: Promise<void> = Promise.resolve();
let held = 0;
const resolve = async (host: string) => {
  if (host === "held.test") {
    held++;
    await gate;
  }
  return ["127.0.0.1"];
};

async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

async function setup(s: TestServer, webhook: string) {
  const org = await buildOrg(s);
  const res = await s.request({
    method: "PUT",
    url: "/api/organisation/webhook",
    headers: org.admin.headers,
    payload: { webhook },
  });
  expect(res.statusCode).toBe(200);
  const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
  const publish = () =>
    s.request({
      method: "POST",
      url: `/api/ingest/rtmp?secret=${SECRET}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ call: "publish", name: st.name, app: "live", addr: "203.0.113.9" }).toString(),
    });
  return { org, publish };
}

describeEachDatabase(
  "ingest circuit breaker: a half-open trial always ends in an outcome",
  (server) => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver("500");
    });
    afterAll(async () => {
      await receiver.close();
    });

    it("a trial refused by the in-flight cap re-opens the circuit for one pause; then calls resume", async () => {
      const s = server();
      receiver.setMode("500");
      const { org, publish } = await setup(s, `http://held.test:${receiver.port}/hook`);
      for (let i = 0; i < 5; i++) expect((await publish()).statusCode).toBe(403);
      expect(s.services.ingest.breakerOpen(org.id)).toBe(true);

      // "Send test" calls are not guarded by the breaker but take the organisation's in-flight slots:
      // hold 32 of them (10 a minute may be sent, so the clock moves on, past the circuit's pause).
      let open!: () => void;
      gate = new Promise<void>((r) => (open = r));
      held = 0;
      const tests: Array<Promise<unknown>> = [];
      for (let sent = 0; sent < MAX_CALLS_IN_FLIGHT;) {
        const batch = Math.min(10, MAX_CALLS_IN_FLIGHT - sent);
        for (let i = 0; i < batch; i++)
          tests.push(s.request({ method: "POST", url: "/api/organisation/webhook/test", headers: org.admin.headers }));
        sent += batch;
        await until(() => held === sent);
        s.clock.advance(61_000);
      }
      expect(s.services.ingest.breakerOpen(org.id)).toBe(false);

      // The half-open trial is granted, then refused as busy before it could go out.
      const hits = receiver.calls.length;
      expect((await publish()).statusCode).toBe(403);
      expect(s.services.ingest.breakerOpen(org.id)).toBe(true);
      expect((await publish()).statusCode).toBe(403);

      receiver.setMode("200");
      open();
      await Promise.all(tests);
      gate = Promise.resolve();
      expect(receiver.calls.length).toBe(hits + MAX_CALLS_IN_FLIGHT);

      s.clock.advance(31_000);
      expect((await publish()).statusCode).toBe(200);
      expect(receiver.calls.length).toBe(hits + MAX_CALLS_IN_FLIGHT + 1);
    });

    it("a trial whose signing-secret lookup throws re-opens the circuit for one pause; then calls resume", async () => {
      const s = server();
      receiver.setMode("500");
      const { org, publish } = await setup(s, receiver.url);
      for (let i = 0; i < 5; i++) expect((await publish()).statusCode).toBe(403);
      s.clock.advance(31_000);

      const lookup = vi
        .spyOn(s.services.organisations, "webhookSigningSecrets")
        .mockRejectedValueOnce(new Error("database unavailable"));
      const hits = receiver.calls.length;
      try {
        expect((await publish()).statusCode).toBeGreaterThanOrEqual(500);
        expect(lookup).toHaveBeenCalledTimes(1);
      } finally {
        lookup.mockRestore();
      }
      expect(s.services.ingest.breakerOpen(org.id)).toBe(true);
      expect((await publish()).statusCode).toBe(403);
      expect(receiver.calls.length).toBe(hits);

      receiver.setMode("200");
      s.clock.advance(31_000);
      expect((await publish()).statusCode).toBe(200);
      expect(receiver.calls.length).toBe(hits + 1);
      expect(s.services.ingest.breakerOpen(org.id)).toBe(false);
    });
  },
  ENV,
  { resolve },
);
