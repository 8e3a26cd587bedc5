import { afterAll, beforeAll, expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { startReceiver } from "../../test/receiver.js";
import { TEST_UNREACHED } from "./ingest.service.js";

const SECRET = "ingest-secret-for-tests";
const ENV = {
  ORGDECK_INGEST_SECRET: SECRET,
  ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
  ORGDECK_WEBHOOK_PORTS: "any",
  ORGDECK_WEBHOOK_DEADLINE: "400ms",
};

/** An organisation (with its webhook set, when given) and one stream of it. */
async function orgWithWebhook(s: TestServer, webhook: string | null) {
  const org = await buildOrg(s);
  if (webhook)
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/organisation/webhook",
          headers: org.admin.headers,
          payload: { webhook },
        })
      ).statusCode,
    ).toBe(200);
  const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
  return { s, org, st };
}

/** Plays are refused unless the stream is live: as if its publish had been allowed. */
async function onAir(s: TestServer, orgId: string, st: { id: string }) {
  expect(
    await s.services.streams.goLive(
      { id: st.id, org_id: orgId },
      { app: "live", node: null, addr: null, clientId: null },
    ),
  ).toBe(true);
}

async function call(s: TestServer, body: Record<string, string>, secret = SECRET) {
  return s.request({
    method: "POST",
    url: `/api/ingest/rtmp?secret=${encodeURIComponent(secret)}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(body).toString(),
  });
}

describeEachDatabase(
  "nginx-rtmp ingest hook",
  (server) => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    // Where a redirect points: a live listener, so following it would be seen.
    let trap: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      trap = await startReceiver("200");
      receiver = await startReceiver("200", { redirectTo: trap.url });
    });
    afterAll(async () => {
      await receiver.close();
      await trap.close();
    });

    const orgWithStream = (webhook: string | null) => orgWithWebhook(server(), webhook);
    const stateOf = async (s: TestServer, org: TestOrg, id: string) =>
      (await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers })).json().state;

    it("needs the shared secret", async () => {
      const { s, st } = await orgWithStream(null);
      expect((await call(s, { call: "publish", name: st.name }, "wrong")).statusCode).toBe(401);
      expect(
        (
          await s.request({
            method: "POST",
            url: "/api/ingest/rtmp",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            payload: `call=publish&name=${st.name}`,
          })
        ).statusCode,
      ).toBe(401);
    });

    it("without a webhook allows known streams, follows publish and publish_done, refuses unknown and locked ones", async () => {
      const { s, org, st } = await orgWithStream(null);
      expect((await call(s, { call: "publish", name: st.name, app: "live" })).statusCode).toBe(200);
      expect(await stateOf(s, org, st.id)).toBe("live");
      expect((await call(s, { call: "publish_done", name: st.name, app: "live" })).statusCode).toBe(200);
      expect(await stateOf(s, org, st.id)).toBe("ended");
      expect((await call(s, { call: "publish", name: `${org.hash}-nope0` })).statusCode).toBe(403);
      await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers });
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(403);
      expect((await call(s, { call: "play", name: st.name })).statusCode).toBe(403);
    });

    it("forwards the call form-encoded with custom parameters first; only 200 allows", async () => {
      const { s, org, st } = await orgWithStream(receiver.url);
      receiver.setMode("200");
      const before = receiver.calls.length;
      const res = await call(s, {
        call: "publish",
        app: "live",
        name: st.name,
        addr: "198.51.100.4",
        clientid: "17",
        flashver: "FMLE",
        passcode: "abc",
        room: "7",
      });
      expect(res.statusCode).toBe(200);
      const sent = receiver.calls[before]!;
      expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(sent.body).toBe(
        `passcode=abc&room=7&call=publish&name=${st.name}&app=live&addr=198.51.100.4&clientid=17&flashver=FMLE`,
      );
      expect(await stateOf(s, org, st.id)).toBe("live");
      const calls = (
        await s.request({ method: "GET", url: `/api/ingest/calls?streamId=${st.id}`, headers: org.admin.headers })
      ).json();
      expect(calls.calls[0]).toMatchObject({ call: "publish", decision: "allow", receiverStatus: 200 });
    });

    it.each([
      ["401", 403],
      ["403", 403],
      ["404", 403],
      ["500", 403],
      ["204", 403],
      ["redirect", 403],
      ["hang", 403],
      ["garbage", 403],
      ["endless", 200],
      ["drip", 403],
    ] as const)("receiver answering %s → %i", async (mode, status) => {
      const { s, st } = await orgWithStream(receiver.url);
      receiver.setMode(mode);
      const started = Date.now();
      const res = await call(s, { call: "publish", name: st.name, app: "live" });
      expect(res.statusCode).toBe(status);
      expect(Date.now() - started).toBeLessThan(2000);
      receiver.setMode("200");
    });

    it("never follows a redirect: the place it points at is not called", async () => {
      const { s, st } = await orgWithStream(receiver.url);
      receiver.setMode("redirect");
      const before = trap.calls.length;
      expect((await call(s, { call: "publish", name: st.name, app: "live" })).statusCode).toBe(403);
      await new Promise((r) => setTimeout(r, 300));
      expect(trap.calls.length).toBe(before);
      receiver.setMode("200");
    });

    it("reads at most 64 KiB of an endless answer and hangs up", async () => {
      const { s, st } = await orgWithStream(receiver.url);
      receiver.setMode("endless");
      expect((await call(s, { call: "publish", name: st.name, app: "live" })).statusCode).toBe(200);
      const entry = receiver.endless.at(-1)!;
      const end = Date.now() + 3000;
      while (entry.closedAfterMs < 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      // Hung up at once, long before the 30 s a kept-alive connection would wait; what was written is
      // what the kernels' buffers took, not what orgdeck read.
      expect(entry.closedAfterMs).toBeGreaterThanOrEqual(0);
      expect(entry.closedAfterMs).toBeLessThan(2000);
      receiver.setMode("200");
    });

    it("refuses when TLS fails (an https webhook on a plain-http port)", async () => {
      const { s, st } = await orgWithStream(receiver.url.replace("http://", "https://"));
      const res = await call(s, { call: "publish", name: st.name, app: "live" });
      expect(res.statusCode).toBe(403);
      await s.services.ingest.flush();
      expect(
        (
          await s.database.db
            .selectFrom("ingest_calls")
            .select("reason")
            .where("stream_id", "=", st.id)
            .executeTakeFirstOrThrow()
        ).reason,
      ).toBe("receiver unreachable");
    });

    it("refuses when the receiver cannot be reached", async () => {
      const { s, st } = await orgWithStream("http://127.0.0.1:9/unreachable");
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(403);
    });

    it("opens the circuit after repeated failures and stops calling the receiver, then tries again", async () => {
      const { s, st } = await orgWithStream(receiver.url);
      receiver.setMode("500");
      for (let i = 0; i < 5; i++) await call(s, { call: "publish", name: st.name });
      const hits = receiver.calls.length;
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(403);
      expect(receiver.calls.length).toBe(hits);
      receiver.setMode("200");
      s.clock.advance(31_000);
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(200);
      expect(receiver.calls.length).toBe(hits + 1);
    });

    it("answers a test call that got no HTTP answer the same way, refused or timed out", async () => {
      const refused = await orgWithStream("http://127.0.0.1:9/unreachable");
      const hanging = await orgWithStream(receiver.url);
      receiver.setMode("hang");
      const answers = [];
      for (const o of [refused, hanging])
        answers.push(
          (
            await o.s.request({ method: "POST", url: "/api/organisation/webhook/test", headers: o.org.admin.headers })
          ).json(),
        );
      receiver.setMode("200");
      expect(answers).toEqual([
        { decision: "deny", receiverStatus: null, latencyMs: 0, reason: TEST_UNREACHED },
        { decision: "deny", receiverStatus: null, latencyMs: 0, reason: TEST_UNREACHED },
      ]);
    });

    it("sends a test call from the dashboard and reports the outcome", async () => {
      const { s, org } = await orgWithStream(receiver.url);
      receiver.setMode("403");
      const res = await s.request({
        method: "POST",
        url: "/api/organisation/webhook/test",
        headers: org.admin.headers,
      });
      expect(res.json()).toMatchObject({ decision: "deny", receiverStatus: 403 });
      receiver.setMode("200");
      expect(
        (await s.request({ method: "POST", url: "/api/organisation/webhook/test", headers: org.admin.headers })).json()
          .decision,
      ).toBe("allow");
    });

    it("lets one organisation's slow receiver hold at most 32 calls; beyond that, and for others, no waiting", async () => {
      const slow = await orgWithStream(receiver.url);
      const other = await orgWithStream(trap.url);
      receiver.setMode("hang");
      const s = slow.s;
      const streams = await Promise.all(
        Array.from({ length: 40 }, () => s.services.streams.createStreamForOrg(slow.org, { tags: [] })),
      );
      // Live (plays of streams that are not live are refused), set directly: 40 goLive transactions and events
      // would still be settling when the timing below is taken.
      await s.database.db
        .updateTable("streams")
        .set({ state: "live" })
        .where(
          "id",
          "in",
          streams.map((st) => st.id),
        )
        .execute();
      const waiting = streams.map((st, i) =>
        call(s, { call: "play", name: st.name, app: "live", addr: `203.0.113.${i}` }),
      );
      await new Promise((r) => setTimeout(r, 100));
      // The 33rd and later are refused at once; another organisation is decided without delay.
      const t0 = Date.now();
      expect((await call(s, { call: "publish", name: other.st.name, app: "live" })).statusCode).toBe(200);
      expect(Date.now() - t0).toBeLessThan(300);
      const answers = await Promise.all(waiting);
      expect(answers.every((a) => a.statusCode === 403)).toBe(true);
      await s.services.ingest.flush();
      const reasons = await s.database.db
        .selectFrom("ingest_calls")
        .select("reason")
        .where("org_id", "=", slow.org.id)
        .where("call", "=", "play")
        .execute();
      expect(reasons.filter((r) => r.reason.startsWith("receiver busy")).length).toBe(8);
      expect(reasons.filter((r) => r.reason === "receiver did not answer in time").length).toBe(32);
      receiver.setMode("200");
    });

    it("refuses a flood of plays from one address without passing it on to the webhook", async () => {
      const { s, org, st } = await orgWithStream(receiver.url);
      receiver.setMode("200");
      await onAir(s, org.id, st);
      const before = receiver.calls.length;
      const play = (addr: string) => call(s, { call: "play", name: st.name, app: "live", addr, clientid: "1" });
      for (let i = 0; i < 50; i++) expect((await play("203.0.113.7")).statusCode).toBe(200);
      expect((await play("203.0.113.7")).statusCode).toBe(403);
      // Only this stream's calls: a hung call of an earlier test may still reach the receiver late.
      const mine = () => receiver.calls.slice(before).filter((c) => c.body.includes(`name=${st.name}&`)).length;
      expect(mine()).toBe(50);
      // Another viewer is unaffected, and the flooding address may try again in the next window.
      expect((await play("198.51.100.20")).statusCode).toBe(200);
      s.clock.advance(10_000);
      expect((await play("203.0.113.7")).statusCode).toBe(200);
    });

    it("allows 10 test calls a minute per organisation, counted across instances", async () => {
      const { s, org } = await orgWithStream(receiver.url);
      receiver.setMode("200");
      const peer = await s.startPeer();
      const send = (on: Pick<TestServer, "request">) =>
        on.request({ method: "POST", url: "/api/organisation/webhook/test", headers: org.admin.headers });
      const before = receiver.calls.length;
      for (let i = 0; i < 10; i++) expect((await send(i % 2 ? peer : s)).statusCode).toBe(200);
      for (const on of [s, peer]) {
        const limited = await send(on);
        expect(limited.statusCode).toBe(429);
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
      }
      expect(receiver.calls.length - before).toBe(10);
      s.clock.advance(61_000);
      expect((await send(peer)).statusCode).toBe(200);
      await peer.close();
    });
  },
  ENV,
);

/** A stub resolver: each test name maps to fixed addresses; nothing is ever looked up for real. */
const DNS: Record<string, string[]> = {
  "private.rebind.example": ["10.0.0.7"],
  "loopback.rebind.example": ["127.0.0.1"],
  "metadata.rebind.example": ["169.254.169.254"],
  "mapped.rebind.example": ["::ffff:10.0.0.1"],
  "ula.rebind.example": ["fd00::1"],
  "mixed.rebind.example": ["93.184.216.34", "10.0.0.8"],
  "compat.rebind.example": ["::7f00:1"],
  "nat64local.rebind.example": ["64:ff9b:1::a9fe:a9fe"],
  "teredo.rebind.example": ["2001::4136:e378:8000:63bf:3fff:fdd2"],
};

describeEachDatabase(
  "webhook delivery never reaches private addresses",
  (server) => {
    it.each(Object.keys(DNS))("refuses %s, whose addresses are not all public, without connecting", async (host) => {
      const { s, org, st } = await orgWithWebhook(server(), `https://${host}/hook`);
      const res = await call(s, { call: "publish", name: st.name });
      expect(res.statusCode).toBe(403);
      const calls = (await s.request({ method: "GET", url: "/api/ingest/calls", headers: org.admin.headers })).json();
      expect(calls.calls[0]).toMatchObject({
        decision: "deny",
        reason: "webhook address is not allowed",
        receiverStatus: null,
      });
    });

    it("answers a test call to an address that is not allowed like any other call without an answer", async () => {
      const { s, org } = await orgWithWebhook(server(), "https://private.rebind.example/hook");
      const res = (
        await s.request({ method: "POST", url: "/api/organisation/webhook/test", headers: org.admin.headers })
      ).json();
      expect(res).toEqual({ decision: "deny", receiverStatus: null, latencyMs: 0, reason: TEST_UNREACHED });
    });

    it("refuses when the webhook's name does not resolve", async () => {
      const { s, org, st } = await orgWithWebhook(server(), "https://nxdomain.example/hook");
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(403);
      const calls = (await s.request({ method: "GET", url: "/api/ingest/calls", headers: org.admin.headers })).json();
      expect(calls.calls[0]).toMatchObject({ decision: "deny", reason: "receiver unreachable", receiverStatus: null });
    });
  },
  { ORGDECK_INGEST_SECRET: SECRET },
  {
    resolve: async (host) => {
      if (host === "nxdomain.example")
        throw Object.assign(new Error("getaddrinfo ENOTFOUND nxdomain.example"), { code: "ENOTFOUND" });
      return DNS[host] ?? [];
    },
  },
);

describeEachDatabase(
  "webhook delivery dials the address it checked",
  (server) => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver("200");
    });
    afterAll(async () => {
      await receiver.close();
    });
    it("connects to the resolved address once, keeping the name in the Host header", async () => {
      const { s, st } = await orgWithWebhook(server(), `http://hooks.customer.example:${receiver.port}/hook`);
      const before = lookups.length;
      expect((await call(s, { call: "publish", name: st.name })).statusCode).toBe(200);
      expect(receiver.calls.at(-1)!.headers.host).toBe(`hooks.customer.example:${receiver.port}`);
      expect(lookups.slice(before)).toEqual(["hooks.customer.example"]);
    });
  },
  { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any" },
  { resolve: async (host) => (lookups.push(host), ["127.0.0.1"]) },
);
const lookups: string[] = [];

const raw = (s: TestServer, body: string, url = `/api/ingest/rtmp?secret=${SECRET}`, remoteAddress?: string) =>
  s.request({
    method: "POST",
    url,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: body,
    ...(remoteAddress ? { remoteAddress } : {}),
  });

describeEachDatabase(
  "media-server callbacks: what nginx sends, what it is told",
  (server) => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      receiver = await startReceiver("200");
    });
    afterAll(async () => {
      await receiver.close();
    });

    it("forwards the client's own parameters byte for byte, repeated ones in order, and never nginx's fields as custom ones", async () => {
      const { s, org, st } = await orgWithWebhook(server(), receiver.url);
      await onAir(s, org.id, st);
      // As nginx-rtmp writes it: its own fields, then the stream URL's query exactly as the publisher typed it.
      const body = `app=live&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27&swfurl=&tcurl=rtmp://x/live&pageurl=&addr=198.51.100.4&clientid=3&call=play&name=${st.name}&start=-2000&duration=0&reset=0&a=b%20c&a=d&passcode=x+y`;
      expect((await raw(s, body)).statusCode).toBe(200);
      expect(receiver.calls.at(-1)!.body).toBe(
        `a=b%20c&a=d&passcode=x+y&call=play&name=${st.name}&app=live&addr=198.51.100.4&clientid=3&flashver=FMLE/3.0%20(compatible%3B%20Lavf59.27&swfurl=&tcurl=rtmp://x/live&pageurl=&start=-2000&duration=0&reset=0`,
      );
    });

    it("refuses updates of a stream that is no longer live, and players of a locked one, so nginx drops them", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const cb = (c: string) => raw(s, `app=live&addr=192.0.2.1&clientid=9&call=${c}&name=${st.name}`);
      expect((await cb("publish")).statusCode).toBe(200);
      expect((await cb("update_publish")).statusCode).toBe(200);
      const live = (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json();
      expect(live.live).toMatchObject({ app: "live", publisherAddr: "192.0.2.1", viewers: 0, node: null });
      expect((await cb("play")).statusCode).toBe(200);
      expect((await cb("update_play")).statusCode).toBe(200);
      await s.services.ingest.flush(); // viewer counts are written in batches
      expect(
        (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json().live
          .viewers,
      ).toBe(1);
      expect(
        (await s.request({ method: "POST", url: `/api/stream/${st.id}/stop`, headers: org.admin.headers })).statusCode,
      ).toBe(200);
      expect((await cb("update_publish")).statusCode).toBe(403);
      expect(
        (await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers })).statusCode,
      ).toBe(200);
      expect((await cb("update_play")).statusCode).toBe(403);
      expect((await cb("play")).statusCode).toBe(403);
      await s.services.ingest.flush();
      const calls = (
        await s.request({
          method: "GET",
          url: `/api/ingest/calls?streamId=${st.id}&limit=3`,
          headers: org.admin.headers,
        })
      ).json().calls;
      expect(calls.map((c: { call: string; decision: string }) => `${c.call} ${c.decision}`)).toEqual([
        "play deny",
        "update_play deny",
        "update_publish deny",
      ]);
    });

    it("marks a stream ended when nothing was heard of it for 3 update intervals, and says why in the call log", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect(
        (
          await raw(
            s,
            `app=live&addr=192.0.2.1&clientid=9&call=publish&name=${st.name}&node=x`,
            `/api/ingest/rtmp?secret=${SECRET}&node=10.0.0.5:8080`,
          )
        ).statusCode,
      ).toBe(200);
      expect(
        (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json().live.node,
      ).toBe("10.0.0.5:8080");
      s.clock.advance(2500);
      await new Promise((r) => setTimeout(r, 1200));
      expect(
        (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json().state,
      ).toBe("live");
      s.clock.advance(1000);
      const ended = async () =>
        (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json().state;
      const end = Date.now() + 5000;
      while ((await ended()) === "live" && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      expect(await ended()).toBe("ended");
      await s.services.ingest.flush();
      const last = (
        await s.request({
          method: "GET",
          url: `/api/ingest/calls?streamId=${st.id}&limit=1`,
          headers: org.admin.headers,
        })
      ).json().calls[0];
      expect(last).toMatchObject({
        call: "publish_done",
        decision: "allow",
        reason: "no callback from the media server for 3 s: marked ended",
      });
    });
  },
  { ...ENV, ORGDECK_RTMP_UPDATE_INTERVAL: "1s" },
);

describeEachDatabase(
  "media-server callbacks from unlisted addresses",
  (server) => {
    it("are refused with 403 even with the right secret; listed networks pass", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const body = `app=live&addr=192.0.2.1&clientid=9&call=publish&name=${st.name}`;
      const outside = await raw(s, body, undefined, "127.0.0.1");
      expect(outside.statusCode).toBe(403);
      expect(outside.json().error.message).toMatch(/media servers' addresses/);
      expect((await raw(s, body, undefined, "10.20.30.40")).statusCode).toBe(200);
      expect((await raw(s, body, undefined, "::ffff:10.1.1.1")).statusCode).toBe(200);
      expect((await raw(s, body, undefined, "2001:db8::7")).statusCode).toBe(200);
      expect((await raw(s, body, `/api/ingest/rtmp?secret=wrong`, "10.20.30.40")).statusCode).toBe(401);
    });
  },
  { ...ENV, ORGDECK_INGEST_ALLOW: "10.0.0.0/8, 2001:db8::/32" },
);
