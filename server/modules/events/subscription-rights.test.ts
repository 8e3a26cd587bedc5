import { expect, it } from "vitest";
import { buildOrg, buildUser, type TestMember, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";

const ENV = { ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any" };
// Refuses connections at once: deliveries fail quickly and nothing leaves the machine.
const DEAD_URL = "http://127.0.0.1:9/events";
const SELF_URL = "https://attacker.example.com/collect";

async function roleMember(s: TestServer, org: TestOrg, name: string, permissions: Record<string, string[]>) {
  const res = await s.request({
    method: "POST",
    url: "/api/permission",
    headers: org.admin.headers,
    payload: { name, label: name, permissions },
  });
  expect(res.statusCode).toBe(201);
  return buildUser(s, org, name);
}

/** A failed delivery of a `type` event to a new endpoint subscribed to it (as the dispatcher leaves one). */
async function failedDelivery(s: TestServer, org: TestOrg, type: string) {
  const { endpoint } = await s.services.events.create(org.id, { url: DEAD_URL, events: [type] });
  const eventId = crypto.randomUUID();
  const deliveryId = crypto.randomUUID();
  const now = s.clock.now();
  await s.database.db
    .insertInto("events")
    .values({ id: eventId, org_id: org.id, type, payload: "{}", created_at: now })
    .execute();
  await s.database.db
    .insertInto("event_deliveries")
    .values({
      id: deliveryId,
      event_id: eventId,
      endpoint_id: endpoint.id,
      org_id: org.id,
      status: "failed",
      next_attempt_at: null,
      claimed_by: null,
      claimed_until: null,
      created_at: now,
    })
    .execute();
  return `/api/event-endpoint/${endpoint.id}/deliveries/${deliveryId}/resend`;
}

describeEachDatabase(
  "event subscriptions need the read right of the events' data",
  (server) => {
    const req = (s: TestServer, who: TestMember, method: "POST" | "PUT", url: string, payload?: object) =>
      s.request({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

    it("a role holding only Organisation.SetWebhook cannot subscribe to data it cannot read; nothing is written", async () => {
      const s = server();
      const org = await buildOrg(s);
      const hooker = await roleMember(s, org, "hooker", { Organisation: ["SetWebhook"] });
      const refused: Array<[string[], string[]]> = [
        [["stream.created"], ["StreamWithId.GetStream"]],
        [["stream.live", "stream.deleted"], ["StreamWithId.GetStream"]],
        [["member.joined"], ["User.GetUsers"]],
        [["recording.ready"], ["Stream.GetStreams"]],
        [["apikey.rotated"], ["ApiKey.Get"]],
        [["*"], ["StreamWithId.GetStream", "Stream.GetStreams", "User.GetUsers", "ApiKey.Get"]],
      ];
      for (const [events, permissions] of refused) {
        const res = await req(s, hooker, "POST", "/api/event-endpoint", { url: SELF_URL, events });
        expect(res.statusCode, events.join()).toBe(403);
        const message: string = res.json().error.message;
        for (const p of permissions) expect(message).toContain(p);
        for (const e of events.filter((e) => e !== "*")) expect(message).toContain(e);
      }
      expect((await s.services.events.list(org.id)).endpoints).toEqual([]);
      const audited = await s.database.db
        .selectFrom("audit_events")
        .select("action")
        .where("org_id", "=", org.id)
        .where("action", "like", "event_endpoint%")
        .execute();
      expect(audited).toEqual([]);
      // A ping carries nothing but the endpoint's id.
      expect(
        (await req(s, hooker, "POST", "/api/event-endpoint", { url: SELF_URL, events: ["ping"] })).statusCode,
      ).toBe(201);
    });

    it("names only the missing permission; a holder of the read right may subscribe", async () => {
      const s = server();
      const org = await buildOrg(s);
      const watcher = await roleMember(s, org, "watcher", {
        Organisation: ["SetWebhook"],
        StreamWithId: ["GetStream"],
      });
      const mixed = await req(s, watcher, "POST", "/api/event-endpoint", {
        url: SELF_URL,
        events: ["stream.created", "member.removed"],
      });
      expect(mixed.statusCode).toBe(403);
      expect(mixed.json().error.message).toContain("User.GetUsers");
      expect(mixed.json().error.message).not.toContain("StreamWithId.GetStream");
      const ok = await req(s, watcher, "POST", "/api/event-endpoint", { url: SELF_URL, events: ["stream.created"] });
      expect(ok.statusCode).toBe(201);
    });

    it("an endpoint receiving stream events cannot be re-pointed or widened without the read right", async () => {
      const s = server();
      const org = await buildOrg(s);
      const hooker = await roleMember(s, org, "hooker", { Organisation: ["SetWebhook"] });
      const { endpoint } = await s.services.events.create(org.id, { url: DEAD_URL, events: ["stream.created"] });
      const url = `/api/event-endpoint/${endpoint.id}`;
      const repoint = await req(s, hooker, "PUT", url, { url: SELF_URL });
      expect(repoint.statusCode).toBe(403);
      expect(repoint.json().error.message).toContain("StreamWithId.GetStream");
      expect((await req(s, hooker, "PUT", url, { events: ["member.joined"] })).statusCode).toBe(403);
      expect((await s.services.events.get(org.id, endpoint.id)).url).toBe(DEAD_URL);
      // Changes that send nothing anywhere new stay open to the webhook's permission.
      expect((await req(s, hooker, "PUT", url, { description: "ours", enabled: false })).statusCode).toBe(200);
      const ping = await s.services.events.create(org.id, { url: DEAD_URL, events: ["ping"] });
      expect(
        (await req(s, hooker, "PUT", `/api/event-endpoint/${ping.endpoint.id}`, { url: SELF_URL })).statusCode,
      ).toBe(200);
    });

    it("resending a delivery needs the read right of its event", async () => {
      const s = server();
      const org = await buildOrg(s);
      const hooker = await roleMember(s, org, "hooker", { Organisation: ["SetWebhook"] });
      const people = await roleMember(s, org, "people", { Organisation: ["SetWebhook"], User: ["GetUsers"] });
      const memberResend = await failedDelivery(s, org, "member.joined");
      const refused = await req(s, hooker, "POST", memberResend);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain("User.GetUsers");
      expect((await req(s, people, "POST", memberResend)).statusCode).toBe(202);
      expect((await req(s, hooker, "POST", await failedDelivery(s, org, "ping"))).statusCode).toBe(202);
    });

    it("Send test is limited to 10 a minute per organisation: then 429 with Retry-After", async () => {
      const s = server();
      const org = await buildOrg(s);
      const other = await buildOrg(s);
      const endpoint = async (o: TestOrg) =>
        (await s.services.events.create(o.id, { url: DEAD_URL, events: ["ping"] })).endpoint.id;
      const [a, b] = [await endpoint(org), await endpoint(org)];
      const test = (o: TestOrg, id: string) => req(s, o.admin, "POST", `/api/event-endpoint/${id}/test`);
      for (let i = 0; i < 10; i++) expect((await test(org, i % 2 ? a : b)).statusCode).toBe(202);
      const limited = await test(org, a);
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
      expect(limited.json().error.code).toBe("rate_limited");
      expect((await test(org, b)).statusCode).toBe(429);
      expect((await test(other, await endpoint(other))).statusCode).toBe(202);
      s.clock.advance(61_000);
      expect((await test(org, a)).statusCode).toBe(202);
    });
  },
  ENV,
);
