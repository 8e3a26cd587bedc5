import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS } from "../../test/harness.js";
import { FAILING_DISABLE_MS } from "./dispatcher.js";
import { enqueueEvent } from "./outbox.service.js";
import { EVENT_TYPE_NAMES, type EventType } from "../../../contract/events.js";
import { TAG_MAX_LENGTH, TAGS_PER_STREAM_MAX } from "../../../contract/tag-limits.js";
import { RETRY_JITTER } from "./retry-schedule.js";
import { startEventsEnv, startSignedReceiver, type Answer, type EventsEnv, type Receipt } from "./test-support.js";

const DAY = 24 * 60 * 60 * 1000;

/**
 * Each event's data at its largest, as its emitter builds it (streams/, users/, invites/, vod/,
 * organisations/ services) with every name and tag at the contract's limit. A Record over the
 * catalogue, so a new event type needs its entry here.
 */
const id = () => crypto.randomUUID();
const streamName = "a".repeat(64); // generated names are far shorter; a margin
const tags = Array.from({ length: TAGS_PER_STREAM_MAX }, (_, i) => `${i}`.padEnd(TAG_MAX_LENGTH, "\u00e9"));
const email = `${"e".repeat(64)}@${"d".repeat(185)}.com`.slice(0, 254);
const role = "r".repeat(40);
const MAXIMAL: Record<EventType, Record<string, unknown>> = {
  "stream.created": { streamId: id(), name: streamName, tags },
  "stream.live": { streamId: id(), name: streamName, state: "live", node: `${"n".repeat(249)}:65535` },
  "stream.ended": { streamId: id(), name: streamName, state: "ended" },
  "stream.locked": { streamId: id(), name: streamName, state: "locked", previousState: "live" },
  "stream.unlocked": { streamId: id(), name: streamName, state: "idle", previousState: "locked" },
  "stream.deleted": { streamId: id(), name: streamName, state: "deleted" },
  "recording.ready": { recordingId: id(), streamId: id(), state: "ready", durationMs: Number.MAX_SAFE_INTEGER },
  "recording.failed": { recordingId: id(), streamId: id(), state: "failed", durationMs: null },
  "member.joined": { userId: id(), email, role, inviteId: id() },
  "member.role_changed": { userId: id(), email, previousRole: role, role },
  "member.removed": { userId: id(), email, role },
  "apikey.rotated": { last4: "WXYZ", rotatedBy: id() },
  ping: { endpointId: id() },
};

for (const dialect of DIALECTS) {
  describe(`event delivery [${dialect}]`, () => {
    let env: EventsEnv;
    let rx: Awaited<ReturnType<typeof startSignedReceiver>>;
    let answer: (r: Receipt) => Answer = () => 200;

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

    /**
     * An endpoint at its own path, answered by `reply` (the rest get 200), and its one delivery's state.
     * Earlier tests leave deliveries that come due as the clock moves, so runOnce() counts are not ours.
     */
    async function own(path: string, reply: () => Answer) {
      const orgId = await env.newOrg();
      const { endpoint } = await env.service.create(orgId, { url: rx.url(path), events: ["*"] });
      answer = (r) => (r.path === path ? reply() : 200);
      await emit(orgId);
      return async () => {
        const [d] = (await env.service.listDeliveries(orgId, endpoint.id, { limit: 1, offset: 0 })).deliveries;
        return { status: d!.status, attempts: d!.attempts.length, next: d!.nextAttemptAt, d: d! };
      };
    }
    const at = (ms: number) => new Date(ms).toISOString();

    it("spreads each retry by the jitter, within ±20 % of the schedule", async () => {
      const state = await own("/jitter", () => 500);
      const early = await env.dispatcher({ random: () => 0 });
      const late = await env.dispatcher({ random: () => 0.999_999 });
      const start = env.clock.now();
      await early.runOnce();
      expect(await state()).toMatchObject({ attempts: 1, next: at(start + 1000 * (1 - RETRY_JITTER)) });
      env.clock.advance(799);
      await early.runOnce();
      expect((await state()).attempts).toBe(1);
      env.clock.advance(1);
      await early.runOnce();
      expect(await state()).toMatchObject({ attempts: 2, next: at(start + 800 + 1600) });
      env.clock.advance(1600);
      await late.runOnce();
      expect(await state()).toMatchObject({ attempts: 3, next: at(start + 2400 + 4000 * (1 + RETRY_JITTER)) });
      env.clock.advance(4799);
      await late.runOnce();
      expect((await state()).attempts).toBe(3);
      env.clock.advance(1);
      await late.runOnce();
      expect(await state()).toMatchObject({ attempts: 4, status: "failed" });
    });

    it("draws the jitter from Math.random unless told otherwise", async () => {
      const orgId = await env.newOrg();
      for (let i = 0; i < 8; i++) await env.service.create(orgId, { url: rx.url(`/random${i}`), events: ["*"] });
      answer = (r) => (r.path.startsWith("/random") ? 500 : 200);
      await emit(orgId);
      const now = env.clock.now();
      await (await env.dispatcher({ random: undefined })).runOnce();
      const rows = await env.database.db
        .selectFrom("event_deliveries")
        .select("next_attempt_at")
        .where("org_id", "=", orgId)
        .execute();
      const delays = rows.map((r) => Number(r.next_attempt_at) - now);
      expect(delays).toHaveLength(8);
      for (const d of delays) {
        expect(d).toBeGreaterThanOrEqual(800);
        expect(d).toBeLessThanOrEqual(1200);
      }
      expect(new Set(delays).size).toBeGreaterThan(1);
    });

    it("honours Retry-After on 429 and 503 (seconds or HTTP date) when it is longer than the schedule", async () => {
      env.clock.advance(1000 - (env.clock.now() % 1000)); // an HTTP date counts whole seconds
      const start = env.clock.now();
      const answers: Answer[] = [
        { status: 429, headers: { "retry-after": "30" } },
        { status: 503, headers: { "retry-after": new Date(start + 30_000 + 120_000).toUTCString() } },
        { status: 429, headers: { "retry-after": "1" } }, // shorter than the 4 s of the schedule
        200,
      ];
      const state = await own("/retry-after", () => answers.shift() ?? 200);
      const d = await env.dispatcher();
      await d.runOnce();
      expect(await state()).toMatchObject({ attempts: 1, next: at(start + 30_000) });
      env.clock.advance(29_999);
      await d.runOnce();
      expect((await state()).attempts).toBe(1);
      env.clock.advance(1);
      await d.runOnce();
      expect(await state()).toMatchObject({ attempts: 2, next: at(start + 150_000) });
      env.clock.advance(120_000);
      await d.runOnce();
      expect(await state()).toMatchObject({ attempts: 3, next: at(start + 154_000) });
      env.clock.advance(4000);
      await d.runOnce();
      const done = await state();
      expect(done.status).toBe("delivered");
      expect(done.d.attempts.map((a) => a.responseStatus)).toEqual([429, 503, 429, 200]);
    });

    it("caps Retry-After at one day, ignores it on other statuses and when unreadable, and adds no attempts", async () => {
      const cases: Array<[Answer, number]> = [
        [{ status: 503, headers: { "retry-after": String(10 * 24 * 3600) } }, DAY],
        [{ status: 500, headers: { "retry-after": "60" } }, 1000],
        [{ status: 429, headers: { "retry-after": "soon" } }, 1000],
        [{ status: 429, headers: { "retry-after": new Date(env.clock.now() - 60_000).toUTCString() } }, 1000],
      ];
      for (const [i, [reply, wait]] of cases.entries()) {
        const state = await own(`/cap${i}`, () => reply);
        const now = env.clock.now();
        await (await env.dispatcher()).runOnce();
        expect((await state()).next, JSON.stringify(reply)).toBe(at(now + wait));
      }
      // The last scheduled attempt fails the delivery, whatever the receiver asks for.
      const state = await own("/cap-last", () => ({ status: 429, headers: { "retry-after": "5" } }));
      const d = await env.dispatcher();
      for (let i = 0; i < 4; i++) {
        await d.runOnce();
        env.clock.advance(5000);
      }
      expect(await state()).toMatchObject({ status: "failed", attempts: 4, next: null });
    });

    it("delivers every event type in under 20 KB, even with every name and tag at its limit", async () => {
      const { orgId, endpoint } = await newEndpoint();
      answer = () => 200;
      for (const type of EVENT_TYPE_NAMES) {
        // ping goes only to the endpoint asked, as "Send test" sends it.
        const input = { orgId, type, data: MAXIMAL[type], ...(type === "ping" ? { endpointId: endpoint.id } : {}) };
        await env.database.db.transaction().execute((trx) => enqueueEvent(trx, input, env.clock));
      }
      const d = await env.dispatcher();
      while ((await d.runOnce()) > 0);
      const sizes = new Map(
        rx.receipts
          .filter((r) => r.path === "/hook")
          .map((r) => [JSON.parse(r.body).type as string, Buffer.byteLength(r.body)]),
      );
      expect([...sizes.keys()].sort()).toEqual([...EVENT_TYPE_NAMES].sort());
      for (const [type, bytes] of sizes) expect(bytes, type).toBeLessThan(20 * 1024);
      expect(sizes.get("stream.created")).toBeGreaterThan(TAGS_PER_STREAM_MAX * TAG_MAX_LENGTH);
    });
  });
}
