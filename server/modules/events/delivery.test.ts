import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS } from "../../test/harness.js";
import { FAILING_DISABLE_MS } from "./dispatcher.js";
import { enqueueEvent } from "./outbox.service.js";
import { startEventsEnv, startSignedReceiver, type EventsEnv, type Receipt } from "./test-support.js";

const DAY = 24 * 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`event delivery [${dialect}]`, () => {
    let env: EventsEnv;
    let rx: Awaited<ReturnType<typeof startSignedReceiver>>;
    let answer: (r: Receipt) => number = () => 200;

    beforeAll(async () => {
      env = await startEventsEnv(dialect);
      rx = await startSignedReceiver(env.clock, (r) => answer(r));
    });
    afterAll(async () => {
      await rx?.close();
      await env?.close();
    });
    beforeEach(() => {
      rx.reset();
      answer = () => 200;
    });

    async function newEndpoint(events: string[] = ["*"]) {
      const orgId = await env.newOrg();
      const { endpoint, secret } = await env.service.create(orgId, { url: rx.url(), events });
      rx.trust([secret]);
      return { orgId, endpoint, secret };
    }
    const emit = (orgId: string, type: "stream.created" | "stream.live" = "stream.created") =>
      env.database.db
        .transaction()
        .execute((trx) => enqueueEvent(trx, { orgId, type, data: { streamId: "s-1", name: "cam" } }, env.clock));

    it("retries a failing receiver on the schedule with one webhook-id, logs every attempt, and resends", async () => {
      const { orgId, endpoint, secret } = await newEndpoint();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const { eventId } = await emit(orgId);
      let calls = 0;
      answer = () => (++calls <= 2 ? 500 : 200);
      const d = await env.dispatcher();

      expect(await d.runOnce()).toBe(1); // immediately
      expect(await d.runOnce()).toBe(0); // the retry waits 1 s
      env.clock.advance(1000);
      expect(await d.runOnce()).toBe(1);
      env.clock.advance(1999);
      expect(await d.runOnce()).toBe(0);
      env.clock.advance(1);
      expect(await d.runOnce()).toBe(1);

      expect(rx.receipts.map((r) => r.id)).toEqual([eventId, eventId, eventId]);
      expect(rx.receipts.every((r) => r.verifiedBy.length === 1 && r.verifiedBy[0] === secret)).toBe(true);
      const body = JSON.parse(rx.receipts[0]!.body);
      expect(body).toEqual({
        type: "stream.created",
        timestamp: expect.any(String),
        data: { streamId: "s-1", name: "cam" },
      });
      expect(rx.receipts.map((r) => r.body)).toEqual(Array(3).fill(rx.receipts[0]!.body));

      const log = await env.service.listDeliveries(orgId, endpoint.id, { limit: 10, offset: 0 });
      expect(log.deliveries).toHaveLength(1);
      const [delivery] = log.deliveries;
      expect(delivery).toMatchObject({ eventId, type: "stream.created", status: "delivered", nextAttemptAt: null });
      expect(delivery!.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 200]);

      await env.service.resend(orgId, endpoint.id, delivery!.id);
      expect(await d.runOnce()).toBe(1);
      expect(rx.receipts.map((r) => r.id)).toEqual([eventId, eventId, eventId, eventId]);
      const after = await env.service.listDeliveries(orgId, endpoint.id, { limit: 10, offset: 0 });
      expect(after.deliveries[0]!.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 200, 200]);
    });

    it("fails a delivery once the schedule is exhausted, and pages the log by cursor", async () => {
      const { orgId, endpoint } = await newEndpoint();
      answer = () => 503;
      await emit(orgId);
      await emit(orgId);
      const d = await env.dispatcher();
      for (const step of [0, 1000, 2000, 4000, 8000]) {
        env.clock.advance(step);
        await d.runOnce();
      }
      expect(rx.receipts).toHaveLength(8); // 1 + 3 retries, for each of the two events
      const first = await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0 });
      expect(first.deliveries[0]).toMatchObject({ status: "failed", nextAttemptAt: null });
      expect(first.deliveries[0]!.attempts).toHaveLength(4);
      const second = await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0, cursor: first.next! });
      expect(second.deliveries).toHaveLength(1);
      expect(second.deliveries[0]!.id).not.toBe(first.deliveries[0]!.id);
      expect(second.next).toBeNull();
    });

    it("sends only the events an endpoint subscribed to, and a test ping only to the endpoint asked", async () => {
      const { orgId, endpoint } = await newEndpoint(["stream.live"]);
      const other = await env.service.create(orgId, { url: rx.url("/other"), events: ["*"] });
      await emit(orgId, "stream.created");
      await emit(orgId, "stream.live");
      await env.service.sendTest(orgId, endpoint.id);
      const d = await env.dispatcher();
      await d.runOnce();
      const byPath = (p: string) =>
        rx.receipts
          .filter((r) => r.path === p)
          .map((r) => JSON.parse(r.body).type)
          .sort();
      expect(byPath("/hook")).toEqual(["ping", "stream.live"]);
      expect(byPath("/other")).toEqual(["stream.created", "stream.live"]);
      expect(other.endpoint.events).toEqual(["*"]);
    });

    it("disables an endpoint at once on 410 Gone and fails what waits for it", async () => {
      const { orgId, endpoint } = await newEndpoint();
      answer = () => 410;
      await emit(orgId);
      const d = await env.dispatcher();
      await d.runOnce();
      const [waiting] = await Promise.all([emit(orgId)]);
      expect(waiting.deliveries).toBe(0); // a disabled endpoint gets nothing new
      expect(await env.service.get(orgId, endpoint.id)).toMatchObject({ enabled: false, disabledReason: "gone" });
      const log = await env.service.listDeliveries(orgId, endpoint.id, { limit: 10, offset: 0 });
      expect(log.deliveries.map((x) => x.status)).toEqual(["failed"]);
      env.clock.advance(10_000);
      expect(await d.runOnce()).toBe(0);
      expect(rx.receipts).toHaveLength(1);
      // Enabling again starts afresh.
      expect(await env.service.update(orgId, endpoint.id, { enabled: true })).toMatchObject({
        enabled: true,
        disabledReason: null,
        failingSince: null,
      });
    });

    it("disables an endpoint after 5 days of failure in a row; a success in between resets the count", async () => {
      const { orgId, endpoint } = await newEndpoint();
      const d = await env.dispatcher({ retrySchedule: [] });
      answer = () => 500;
      await emit(orgId);
      await d.runOnce();
      const t0 = env.clock.now();
      expect((await env.service.get(orgId, endpoint.id)).failingSince).toBe(new Date(t0).toISOString());

      answer = () => 200;
      env.clock.advance(DAY);
      await emit(orgId);
      await d.runOnce();
      expect((await env.service.get(orgId, endpoint.id)).failingSince).toBeNull();

      answer = () => 500;
      await emit(orgId);
      await d.runOnce();
      env.clock.advance(FAILING_DISABLE_MS - 1);
      await emit(orgId);
      await d.runOnce();
      expect(await env.service.get(orgId, endpoint.id)).toMatchObject({ enabled: true, disabledReason: null });
      env.clock.advance(1);
      await emit(orgId);
      await d.runOnce();
      expect(await env.service.get(orgId, endpoint.id)).toMatchObject({ enabled: false, disabledReason: "failing" });
    });

    it("signs with both secrets for 24 hours after a rotation, then with the new one only", async () => {
      const { orgId, endpoint, secret: old } = await newEndpoint();
      const { secret: fresh } = await env.service.rotateSecret(orgId, endpoint.id);
      expect(fresh).not.toBe(old);
      expect(await env.service.revealSecret(orgId, endpoint.id)).toEqual({ secret: fresh });
      rx.trust([old, fresh]);
      const d = await env.dispatcher();
      await emit(orgId);
      await d.runOnce();
      expect(rx.receipts[0]!.verifiedBy).toEqual([old, fresh]);

      env.clock.advance(DAY - 1000);
      await emit(orgId);
      await d.runOnce();
      expect(rx.receipts[1]!.verifiedBy).toEqual([old, fresh]);

      env.clock.advance(1000);
      await emit(orgId);
      await d.runOnce();
      expect(rx.receipts[2]!.verifiedBy).toEqual([fresh]);
    });

    it("writes the outbox with the caller's transaction: a rollback leaves no event behind", async () => {
      const { orgId } = await newEndpoint();
      await expect(
        env.database.db.transaction().execute(async (trx) => {
          await enqueueEvent(trx, { orgId, type: "stream.created", data: { streamId: "rolled-back" } }, env.clock);
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      const d = await env.dispatcher();
      expect(await d.runOnce()).toBe(0);
      const rows = await env.database.db.selectFrom("events").select("id").where("org_id", "=", orgId).execute();
      expect(rows).toHaveLength(0);
      expect((await emit(orgId)).deliveries).toBe(1);
      expect(await d.runOnce()).toBe(1);
    });

    it("goes through the SSRF guard: no redirects followed, private addresses refused, one deadline per attempt", async () => {
      const { orgId, endpoint } = await newEndpoint();
      answer = () => 302;
      await emit(orgId);
      await (await env.dispatcher()).runOnce();
      expect(rx.receipts.map((r) => r.path)).toEqual(["/hook"]);

      env.clock.advance(1000);
      await (await env.dispatcher({ allowPrivate: false })).runOnce();
      expect(rx.receipts).toHaveLength(1);

      env.clock.advance(2000);
      answer = () => 200;
      const hang = await startSignedReceiver(env.clock, () => new Promise<number>(() => undefined));
      try {
        await env.service.update(orgId, endpoint.id, { url: hang.url() });
        await (await env.dispatcher({ deadlineMs: 200 })).runOnce();
        expect(hang.receipts).toHaveLength(1);
      } finally {
        await hang.close();
      }
      const [delivery] = (await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0 })).deliveries;
      expect(delivery!.attempts.map((a) => [a.responseStatus, a.error])).toEqual([
        [302, null],
        [null, expect.stringMatching(/^blocked: /)], // plain http to 127.0.0.1: refused before any connection
        [null, "timeout: deadline passed"],
      ]);
      expect(delivery).toMatchObject({ status: "pending", nextAttemptAt: expect.any(String) });
    });

    it("judges the address a name resolves to, as the webhook call does", async () => {
      const orgId = await env.newOrg();
      const { endpoint } = await env.service.create(orgId, { url: "https://hooks.example.com/in", events: ["*"] });
      await emit(orgId);
      await (await env.dispatcher({ allowPrivate: false, resolve: async () => ["10.0.0.7"] })).runOnce();
      const [delivery] = (await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0 })).deliveries;
      expect(delivery!.attempts.map((a) => a.error)).toEqual(["blocked: address not allowed"]);
    });

    it("keeps endpoints and deliveries of other organisations out of reach, and caps endpoints at 20", async () => {
      const { orgId, endpoint } = await newEndpoint();
      const stranger = await env.newOrg();
      await expect(env.service.get(stranger, endpoint.id)).rejects.toMatchObject({ status: 404 });
      await expect(env.service.listDeliveries(stranger, endpoint.id, { limit: 5, offset: 0 })).rejects.toMatchObject({
        status: 404,
      });
      await expect(env.service.resend(orgId, endpoint.id, crypto.randomUUID())).rejects.toMatchObject({ status: 404 });
      for (let i = 1; i < 20; i++) await env.service.create(orgId, { url: rx.url(`/${i}`), events: ["ping"] });
      await expect(env.service.create(orgId, { url: rx.url("/21"), events: ["ping"] })).rejects.toMatchObject({
        status: 409,
        code: "quota_exceeded",
      });
    });
  });
}
