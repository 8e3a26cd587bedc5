import { afterAll, expect, it } from "vitest";
import { EVENT_TYPE_NAMES, DEFAULT_EVENT_ENDPOINTS } from "../../../contract/events.js";
import { buildOrg, buildUser, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { startSignedReceiver, type Receipt } from "./test-support.js";

/** The event endpoint API through HTTP, with the app's own dispatcher delivering to a local receiver. */
const ENV = { ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any", ORGDECK_EVENT_RETRY_SCHEDULE: "1s,2s" };

type Delivery = {
  id: string;
  eventId: string;
  type: string;
  status: string;
  attempts: Array<{ responseStatus: number | null }>;
  nextAttemptAt: string | null;
};

describeEachDatabase(
  "event endpoints API",
  (server) => {
    let rx: Awaited<ReturnType<typeof startSignedReceiver>> | undefined;
    let answer: (r: Receipt) => number = () => 200;
    afterAll(async () => rx?.close());

    async function receiver(s: TestServer) {
      rx ??= await startSignedReceiver(s.clock, (r) => answer(r));
      rx.reset();
      answer = () => 200;
      return rx;
    }
    const call = (
      s: TestServer,
      org: TestOrg,
      method: "GET" | "POST" | "PUT" | "DELETE",
      url: string,
      payload?: object,
    ) => s.request({ method, url, headers: org.admin.headers, ...(payload ? { payload } : {}) });

    /** Polls the delivery log (the dispatcher works in the background) until `done` holds. */
    async function deliveriesUntil(
      s: TestServer,
      org: TestOrg,
      endpointId: string,
      done: (d: Delivery[]) => boolean,
    ): Promise<Delivery[]> {
      const until = Date.now() + 10_000;
      for (;;) {
        const res = await call(s, org, "GET", `/api/event-endpoint/${endpointId}/deliveries?limit=10`);
        expect(res.statusCode).toBe(200);
        const list = res.json<{ deliveries: Delivery[] }>().deliveries;
        if (done(list)) return list;
        if (Date.now() > until) throw new Error(`deliveries never got there: ${JSON.stringify(list)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    async function auditActions(s: TestServer, org: TestOrg): Promise<string[]> {
      const res = await call(s, org, "GET", "/api/audit?limit=50");
      return res.json<{ events: Array<{ action: string }> }>().events.map((e) => e.action);
    }

    it("creates, lists, changes and deletes an endpoint; the secret is shown once, then only by the audited secret route", async () => {
      const s = server();
      const org = await buildOrg(s);
      const created = await call(s, org, "POST", "/api/event-endpoint", {
        url: "http://127.0.0.1:9/hook",
        events: ["stream.live", "stream.ended"],
        description: "CI",
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers["cache-control"]).toBe("no-store");
      const { endpoint, secret } = created.json<{ endpoint: { id: string }; secret: string }>();
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(endpoint).toMatchObject({
        url: "http://127.0.0.1:9/hook",
        events: ["stream.live", "stream.ended"],
        description: "CI",
        enabled: true,
        failingSince: null,
        disabledReason: null,
      });

      const list = await call(s, org, "GET", "/api/event-endpoint");
      expect(list.json().endpoints.map((e: { id: string }) => e.id)).toEqual([endpoint.id]);
      expect(list.body).not.toContain(secret);
      expect((await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}`)).body).not.toContain(secret);

      const revealed = await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}/secret`);
      expect(revealed.statusCode).toBe(200);
      expect(revealed.headers["cache-control"]).toBe("no-store");
      expect(revealed.json()).toEqual({ secret });

      const changed = await call(s, org, "PUT", `/api/event-endpoint/${endpoint.id}`, {
        events: ["*"],
        description: null,
        enabled: false,
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ events: ["*"], description: null, enabled: false });
      expect((await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}`)).json()).toMatchObject({
        events: ["*"],
        enabled: false,
      });

      expect((await call(s, org, "DELETE", `/api/event-endpoint/${endpoint.id}`)).statusCode).toBe(200);
      expect((await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}`)).statusCode).toBe(404);
      expect((await call(s, org, "GET", "/api/event-endpoint")).json().endpoints).toEqual([]);

      const actions = await auditActions(s, org);
      for (const a of [
        "event_endpoint_created",
        "event_endpoint_secret_revealed",
        "event_endpoint_updated",
        "event_endpoint_deleted",
      ])
        expect(actions).toContain(a);
      expect(JSON.stringify((await call(s, org, "GET", "/api/audit?limit=50")).json())).not.toContain(secret);
    });

    it("delivers a test ping signed for the standardwebhooks library, logs its attempts, and resends it with the same webhook-id", async () => {
      const s = server();
      const rx = await receiver(s);
      const org = await buildOrg(s);
      const { endpoint, secret } = (
        await call(s, org, "POST", "/api/event-endpoint", { url: rx.url("/ping"), events: ["stream.created"] })
      ).json();
      rx.trust([secret]);
      // The first attempt fails, so the log shows a retry on the 1 s schedule.
      let calls = 0;
      answer = () => (++calls === 1 ? 500 : 200);

      const test = await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/test`);
      expect(test.statusCode).toBe(202);
      const { eventId } = test.json<{ eventId: string }>();
      await deliveriesUntil(s, org, endpoint.id, (d) => d[0]?.attempts.length === 1 && d[0].status === "pending");
      s.clock.advance(1200); // the 1 s retry, spread by up to 20 % jitter
      const [delivery] = await deliveriesUntil(s, org, endpoint.id, (d) => d[0]?.status === "delivered");
      expect(delivery).toMatchObject({ eventId, type: "ping", status: "delivered", nextAttemptAt: null });
      expect(delivery!.attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
      expect(rx.receipts.map((r) => r.id)).toEqual([eventId, eventId]);
      expect(rx.receipts.every((r) => r.verifiedBy.length === 1 && r.verifiedBy[0] === secret)).toBe(true);
      expect(JSON.parse(rx.receipts[0]!.body)).toEqual({
        type: "ping",
        timestamp: expect.any(String),
        data: { endpointId: endpoint.id },
      });

      const resend = await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/deliveries/${delivery!.id}/resend`);
      expect(resend.statusCode).toBe(202);
      const [again] = await deliveriesUntil(
        s,
        org,
        endpoint.id,
        (d) => d[0]?.attempts.length === 3 && d[0].status === "delivered",
      );
      expect(again!.attempts.map((a) => a.responseStatus)).toEqual([500, 200, 200]);
      expect(rx.receipts.map((r) => r.id)).toEqual([eventId, eventId, eventId]);
    });

    it("rotates the secret: both sign during the overlap, the old one is no longer revealed", async () => {
      const s = server();
      const rx = await receiver(s);
      const org = await buildOrg(s);
      const { endpoint, secret: old } = (
        await call(s, org, "POST", "/api/event-endpoint", { url: rx.url("/rotate"), events: ["*"] })
      ).json();
      const rotated = await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/secret/rotate`);
      expect(rotated.statusCode).toBe(200);
      expect(rotated.headers["cache-control"]).toBe("no-store");
      const fresh = rotated.json<{ secret: string }>().secret;
      expect(fresh).not.toBe(old);
      expect((await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}/secret`)).json()).toEqual({
        secret: fresh,
      });

      rx.trust([fresh, old]);
      await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/test`);
      await deliveriesUntil(s, org, endpoint.id, (d) => d[0]?.status === "delivered");
      expect(rx.receipts[0]!.verifiedBy).toEqual([fresh, old]);
      expect(await auditActions(s, org)).toContain("event_endpoint_secret_rotated");
    });

    it("disables an endpoint whose receiver answers 410 Gone, and audits it", async () => {
      const s = server();
      const rx = await receiver(s);
      answer = () => 410;
      const org = await buildOrg(s);
      const { endpoint } = (
        await call(s, org, "POST", "/api/event-endpoint", { url: rx.url("/gone"), events: ["*"] })
      ).json();
      await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/test`);
      await deliveriesUntil(s, org, endpoint.id, (d) => d[0]?.status === "failed");
      expect((await call(s, org, "GET", `/api/event-endpoint/${endpoint.id}`)).json()).toMatchObject({
        enabled: false,
        disabledReason: "gone",
      });
      expect(await auditActions(s, org)).toContain("event_endpoint_disabled");
      // A disabled endpoint takes no test until it is enabled again.
      expect((await call(s, org, "POST", `/api/event-endpoint/${endpoint.id}/test`)).statusCode).toBe(409);
    });

    it("refuses unknown event names by name, listing the known ones", async () => {
      const s = server();
      const org = await buildOrg(s);
      const res = await call(s, org, "POST", "/api/event-endpoint", {
        url: "http://127.0.0.1:9/x",
        events: ["stream.live", "stream.exploded"],
      });
      expect(res.statusCode).toBe(400);
      const message = res.json<{ error: { message: string } }>().error.message;
      expect(message).toContain("stream.exploded");
      for (const name of EVENT_TYPE_NAMES) expect(message).toContain(name);
      const { endpoint } = (
        await call(s, org, "POST", "/api/event-endpoint", { url: "http://127.0.0.1:9/x", events: ["*"] })
      ).json();
      expect((await call(s, org, "PUT", `/api/event-endpoint/${endpoint.id}`, { events: ["nope"] })).statusCode).toBe(
        400,
      );
    });

    it(`answers 409 quota_exceeded past ${DEFAULT_EVENT_ENDPOINTS} endpoints`, async () => {
      const s = server();
      const org = await buildOrg(s);
      for (let i = 0; i < DEFAULT_EVENT_ENDPOINTS; i++) {
        expect(
          (await call(s, org, "POST", "/api/event-endpoint", { url: `http://127.0.0.1:9/q${i}`, events: ["*"] }))
            .statusCode,
        ).toBe(201);
      }
      const over = await call(s, org, "POST", "/api/event-endpoint", { url: "http://127.0.0.1:9/over", events: ["*"] });
      expect(over.statusCode).toBe(409);
      expect(over.json().error.code).toBe("quota_exceeded");
      expect(over.json().error.message).toMatch(/at most 20 event endpoints/);
    });

    it("answers another organisation's endpoint and delivery exactly like random ids, and 403 to a non-admin", async () => {
      const s = server();
      const a = await buildOrg(s);
      const b = await buildOrg(s);
      const { endpoint } = (
        await call(s, a, "POST", "/api/event-endpoint", { url: "http://127.0.0.1:9/a", events: ["*"] })
      ).json();
      await call(s, a, "POST", `/api/event-endpoint/${endpoint.id}/test`);
      const [delivery] = await deliveriesUntil(s, a, endpoint.id, (d) => d.length === 1);
      const random = crypto.randomUUID();
      for (const [method, path] of [
        ["GET", ""],
        ["PUT", ""],
        ["DELETE", ""],
        ["GET", "/secret"],
        ["POST", "/secret/rotate"],
        ["POST", "/test"],
        ["GET", "/deliveries"],
      ] as const) {
        const payload = method === "PUT" ? { description: "taken" } : undefined;
        const theirs = await call(s, b, method, `/api/event-endpoint/${endpoint.id}${path}`, payload);
        const unknown = await call(s, b, method, `/api/event-endpoint/${random}${path}`, payload);
        expect(theirs.statusCode, `${method} ${path}`).toBe(404);
        expect(theirs.body, `${method} ${path}`).toBe(unknown.body);
      }
      const resendTheirs = await call(
        s,
        b,
        "POST",
        `/api/event-endpoint/${endpoint.id}/deliveries/${delivery!.id}/resend`,
      );
      expect(resendTheirs.statusCode).toBe(404);
      expect(resendTheirs.body).toBe(
        (await call(s, b, "POST", `/api/event-endpoint/${random}/deliveries/${random}/resend`)).body,
      );
      // A's own endpoint with a delivery id that is not its own reads the same.
      expect(
        (await call(s, a, "POST", `/api/event-endpoint/${endpoint.id}/deliveries/${random}/resend`)).statusCode,
      ).toBe(404);
      expect((await call(s, a, "GET", `/api/event-endpoint/${endpoint.id}`)).json()).toMatchObject({
        description: null,
      });

      const member = await buildUser(s, a, "nanoUser");
      expect((await s.request({ method: "GET", url: "/api/event-endpoint", headers: member.headers })).statusCode).toBe(
        403,
      );
      expect(
        (
          await s.request({
            method: "POST",
            url: "/api/event-endpoint",
            headers: member.headers,
            payload: { url: "http://127.0.0.1:9/m", events: ["*"] },
          })
        ).statusCode,
      ).toBe(403);
    });
  },
  ENV,
);
