import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS } from "../../test/harness.js";
import { enqueueEvent } from "./outbox.service.js";
import { startEventsEnv, startSignedReceiver, type EventsEnv } from "./test-support.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

for (const dialect of DIALECTS) {
  describe(`event dispatchers under concurrency [${dialect}]`, () => {
    let env: EventsEnv;
    beforeAll(async () => {
      env = await startEventsEnv(dialect);
    });
    afterAll(async () => {
      await env?.close();
    });

    const emit = (orgId: string, n: number) =>
      env.database.db.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++)
          await enqueueEvent(trx, { orgId, type: "stream.created", data: { streamId: `s-${i}` } }, env.clock);
      });

    // Two instances: on PostgreSQL each with its own pool; SQLite has a single writer, so they share its connection.
    it("two dispatchers on one database never send one attempt twice, and keep 4 in flight per endpoint", async () => {
      const seen = new Map<string, number>();
      const rx = await startSignedReceiver(env.clock, async (r) => {
        const n = (seen.get(r.id) ?? 0) + 1;
        seen.set(r.id, n);
        await sleep(15);
        return n === 1 ? 500 : 200; // every event needs exactly two attempts
      });
      try {
        const secrets: string[] = [];
        for (let e = 0; e < 5; e++) {
          const orgId = await env.newOrg();
          secrets.push((await env.service.create(orgId, { url: rx.url(`/ep${e}`), events: ["*"] })).secret);
          await emit(orgId, 10);
        }
        rx.trust(secrets);
        const own = dialect === "postgres";
        const a = await env.dispatcher({ own, pollMs: 10 });
        const b = await env.dispatcher({ own, pollMs: 10 });
        a.start();
        b.start();
        await until("first attempts", () => rx.receipts.length >= 50);
        await sleep(100);
        expect(rx.receipts).toHaveLength(50);
        env.clock.advance(1000); // the retries fall due
        await until("second attempts", () => rx.receipts.length >= 100);
        await sleep(100);
        await Promise.all([a.stop(), b.stop()]);

        expect(rx.receipts).toHaveLength(100);
        expect(seen.size).toBe(50);
        expect([...seen.values()].every((n) => n === 2)).toBe(true);
        expect(rx.receipts.every((r) => r.verifiedBy.length === 1)).toBe(true);
        const attempts = await env.database.db
          .selectFrom("event_delivery_attempts")
          .select(["delivery_id", "attempt", "response_status"])
          .execute();
        expect(attempts).toHaveLength(100);
        const delivered = await env.database.db
          .selectFrom("event_deliveries")
          .select("id")
          .where("status", "=", "delivered")
          .execute();
        expect(delivered.length).toBeGreaterThanOrEqual(50);
        for (const [, max] of rx.maxInFlight) expect(max).toBeLessThanOrEqual(4);
      } finally {
        await rx.close();
      }
    });

    it("holds at most 4 requests in flight per endpoint, and a slow endpoint never delays another organisation", async () => {
      let slowInFlight = 0;
      let seenBySlowAtFast: { inFlight: number; received: number } | null = null;
      const rx = await startSignedReceiver(env.clock, async (r) => {
        if (r.path === "/fast")
          seenBySlowAtFast = { inFlight: slowInFlight, received: rx.receipts.filter((x) => x.path === "/slow").length };
        if (r.path !== "/slow") return 200;
        slowInFlight++;
        await sleep(300);
        slowInFlight--;
        return 200;
      });
      try {
        const slowOrg = await env.newOrg();
        const fastOrg = await env.newOrg();
        const slow = await env.service.create(slowOrg, { url: rx.url("/slow"), events: ["*"] });
        const fast = await env.service.create(fastOrg, { url: rx.url("/fast"), events: ["*"] });
        rx.trust([slow.secret, fast.secret]);
        const own = dialect === "postgres";
        const a = await env.dispatcher({ own, pollMs: 10 });
        const b = await env.dispatcher({ own, pollMs: 10 });
        await emit(slowOrg, 12);
        a.start();
        b.start();
        await until("the slow endpoint to be busy", () => rx.receipts.length >= 4);
        await emit(fastOrg, 1);
        await until("the other organisation's event", () => rx.receipts.some((r) => r.path === "/fast"));
        // Delivered while the slow receiver was still busy and its backlog still waited: no queueing behind it.
        expect(seenBySlowAtFast!.inFlight).toBeGreaterThan(0);
        expect(seenBySlowAtFast!.received).toBeLessThan(12);
        await until("every slow delivery", () => rx.receipts.filter((r) => r.path === "/slow").length >= 12);
        await Promise.all([a.stop(), b.stop()]);
        expect(rx.maxInFlight.get("/slow")).toBe(4);
      } finally {
        await rx.close();
      }
    });

    it("takes over the claim of an instance that died mid-send once its lease ends, and drops the late outcome", async () => {
      let release: (status: number) => void = () => undefined;
      const rx = await startSignedReceiver(env.clock, (r) =>
        rx.receipts.filter((x) => x.id === r.id).length === 1 ? new Promise<number>((done) => (release = done)) : 200,
      );
      try {
        const orgId = await env.newOrg();
        const { endpoint, secret } = await env.service.create(orgId, { url: rx.url("/lease"), events: ["*"] });
        rx.trust([secret]);
        await emit(orgId, 1);
        const stuck = await env.dispatcher({ leaseMs: 60_000 });
        const rescuer = await env.dispatcher({ own: dialect === "postgres", leaseMs: 60_000 });
        expect(await stuck.tick()).toBe(1);
        await until("the first attempt", () => rx.receipts.length === 1);
        expect(await rescuer.runOnce()).toBe(0); // still claimed
        env.clock.advance(60_000);
        expect(await rescuer.runOnce()).toBe(1);
        expect(rx.receipts.map((r) => r.id)).toEqual([rx.receipts[0]!.id, rx.receipts[0]!.id]);
        release(500); // the first instance's answer arrives after all: it no longer owns the delivery
        await stuck.stop();
        const [delivery] = (await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0 })).deliveries;
        expect(delivery).toMatchObject({ status: "delivered" });
        expect(delivery!.attempts.map((a) => a.responseStatus)).toEqual([200]);
      } finally {
        await rx.close();
      }
    });
  });
}
