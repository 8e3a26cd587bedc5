// The media server obeys orgdeck: two real nginx-rtmp nodes (the repository's template) with ffmpeg
// publishing and playing. Stop, lock and delete take a stream off the air within seconds on whichever
// node holds it, a lock also cuts its players, `rec` asks like `live`, the publisher's own parameters
// reach the webhook byte for byte, and a node that dies leaves no stream "live" for long.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { freePort, play, publish, startNginxRtmp, until } from "../../test/nginx.js";
import { startReceiver } from "../../test/receiver.js";

const SECRET = "media-control-secret";

for (const dialect of DIALECTS) {
  describe(`stop, lock and delete reach the media servers [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-control-"));
    let s: TestServer;
    let one: Awaited<ReturnType<typeof startNginxRtmp>>;
    let two: Awaited<ReturnType<typeof startNginxRtmp>>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let org: TestOrg;

    beforeAll(async () => {
      receiver = await startReceiver("200");
      const ports = [await freePort(), await freePort()];
      s = await startTestServer(dialect, {
        ORGDECK_INGEST_SECRET: SECRET,
        ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
        ORGDECK_WEBHOOK_PORTS: "any",
        ORGDECK_RECORDINGS_DIR: path.join(dir, "one", "rec"),
        ORGDECK_RTMP_CONTROL: ports.map((p) => `http://127.0.0.1:${p}`).join(","),
        ORGDECK_RTMP_UPDATE_INTERVAL: "1s",
        ORGDECK_RTMP_STAT_INTERVAL: "1s",
      });
      s.clock.set(Date.now());
      // nginx and ffmpeg run in real time: so does the server's clock here.
      const tick = setInterval(() => s.clock.set(Date.now()), 50);
      tick.unref();
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (s.app.server.address() as import("node:net").AddressInfo).port;
      one = await startNginxRtmp(path.join(dir, "one"), `127.0.0.1:${port}`, SECRET, { controlPort: ports[0]! });
      two = await startNginxRtmp(path.join(dir, "two"), `127.0.0.1:${port}`, SECRET, { controlPort: ports[1]! });
      org = await buildOrg(s, { packages: ["vod", "liveProcessing", "h5live"] });
      await s.request({
        method: "PUT",
        url: "/api/organisation/webhook",
        headers: org.admin.headers,
        payload: { webhook: receiver.url },
      });
    }, 60_000);

    afterAll(async () => {
      await one?.stop();
      await two?.stop();
      await receiver?.close();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const stream = () => s.services.streams.createStreamForOrg(org, { tags: ["control"] });
    const get = async (id: string) =>
      (await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers })).json();
    const liveOn = (id: string) =>
      until(
        () => get(id),
        (v) => v.state === "live",
      );
    /** Stops, locks or deletes the stream; the running publish must end, well before its own end, within 3 s. */
    const cutWithin3s = async (id: string, op: "stop" | "lock" | "delete", run: ReturnType<typeof publish>) => {
      const t0 = Date.now();
      const res =
        op === "delete"
          ? await s.request({ method: "DELETE", url: `/api/stream/${id}`, headers: org.admin.headers })
          : await s.request({ method: "POST", url: `/api/stream/${id}/${op}`, headers: org.admin.headers });
      expect(res.statusCode).toBe(200);
      expect((await run).code).not.toBe(0);
      expect(Date.now() - t0).toBeLessThan(3000);
      return res;
    };

    it.each(["stop", "lock", "delete"] as const)(
      "%s ends a running publish within 3 s, on the node that holds it",
      async (op) => {
        receiver.setMode("200");
        const st = await stream();
        const node = op === "lock" ? two : one;
        const run = publish(node.url("live", st.name), 20);
        const live = await liveOn(st.id);
        expect(live.state).toBe("live");
        expect(live.live.node).toBe(new URL(node.control).host);
        expect(live.live.publisherAddr).toBe("127.0.0.1");
        const res = await cutWithin3s(st.id, op, run);
        expect(res.json().unreachedNodes).toBeUndefined();
        if (op !== "delete") expect((await get(st.id)).state).toBe(op === "stop" ? "ended" : "locked");
      },
      40_000,
    );

    it("forwards the publisher's parameters byte for byte, and publish_done with its duration and byte counts", async () => {
      receiver.setMode("200");
      const st = await stream();
      const before = receiver.calls.length;
      const run = publish(`${one.url("live", st.name)}?a=b%20c&a=d&passcode=x`, 20);
      await liveOn(st.id);
      // Let a /stat sample note the bytes received so far.
      await until(
        () => get(st.id),
        (v) => (v.live?.bytesIn ?? 0) > 0,
        5000,
      );
      await s.request({ method: "POST", url: `/api/stream/${st.id}/stop`, headers: org.admin.headers });
      await run;
      const bodies = await until(
        async () => receiver.calls.slice(before).map((c) => c.body),
        (b) => b.some((x) => x.includes("call=publish_done")),
      );
      expect(bodies[0]).toMatch(
        new RegExp(`^a=b%20c&a=d&passcode=x&call=publish&name=${st.name}&app=live&addr=127\\.0\\.0\\.1&clientid=\\d+&`),
      );
      const done = bodies.find((x) => x.includes("call=publish_done"))!;
      expect(done).toMatch(/^a=b%20c&a=d&passcode=x&call=publish_done&/);
      expect(done).toMatch(/&bytes_in=[1-9]\d*/);
      expect(done).toMatch(/&bytes_out=\d+/);
      expect(done).toMatch(/&duration=\d+/);
      // nginx logs at notice, as the template says: the secret in the callback URL stays out of its log.
      expect(one.errorLog()).not.toContain(SECRET);
    }, 40_000);

    it("lock also cuts the stream's players; members see the viewer count while live", async () => {
      receiver.setMode("200");
      const st = await stream();
      const run = publish(one.url("live", st.name), 25);
      await liveOn(st.id);
      const viewer = play(one.url("live", st.name), 20);
      expect(
        (
          await until(
            () => get(st.id),
            (v) => v.live?.viewers === 1,
            8000,
          )
        ).live.viewers,
      ).toBe(1);
      const t0 = Date.now();
      expect(
        (await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers })).statusCode,
      ).toBe(200);
      const [p, v] = await Promise.all([run, viewer]);
      expect(p.code).not.toBe(0);
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(v.ms).toBeLessThan(15_000); // ended long before its 20 s
    }, 45_000);

    it("rec asks like live: a play is refused when the webhook refuses plays, and a lock cuts the recording publisher", async () => {
      receiver.setMode("refusePlays");
      const st = await stream();
      const run = publish(one.url("rec", st.name), 20);
      expect((await liveOn(st.id)).live.app).toBe("rec");
      const viewer = await play(one.url("rec", st.name), 5);
      expect(viewer.code).not.toBe(0);
      expect(viewer.ms).toBeLessThan(4000);
      await cutWithin3s(st.id, "lock", run);
      receiver.setMode("200");
    }, 40_000);

    it("a node killed during a publish leaves the stream not live within 3 update intervals, and unreached nodes are named", async () => {
      receiver.setMode("200");
      const st = await stream();
      const run = publish(two.url("live", st.name), 25);
      await liveOn(st.id);
      const killedAt = Date.now();
      two.kill();
      await run;
      const after = await until(
        () => get(st.id),
        (v) => v.state !== "live",
        10_000,
      );
      expect(after.state).toBe("ended");
      expect(Date.now() - killedAt).toBeLessThan(3 * 1000 + 1000 + 2000);
      const calls = (
        await s.request({
          method: "GET",
          url: `/api/ingest/calls?streamId=${st.id}&limit=5`,
          headers: org.admin.headers,
        })
      ).json().calls;
      expect(calls[0].call).toBe("publish_done");
      expect(calls[0].reason).toMatch(/no callback from the media server|not published on any reachable media server/);

      // The dead node cannot be told to drop anything: the answer and the audit log say so.
      const other = await stream();
      const locked = (
        await s.request({ method: "POST", url: `/api/stream/${other.id}/lock`, headers: org.admin.headers })
      ).json();
      expect(locked.state).toBe("locked");
      expect(locked.unreachedNodes).toEqual([new URL(two.control).host]);
      const audit = (
        await s.request({
          method: "GET",
          url: "/api/audit?action=stream_control_unreached&limit=1",
          headers: org.admin.headers,
        })
      ).json();
      expect(audit.events[0].detail).toEqual({ op: "lock", nodes: [new URL(two.control).host] });
    }, 45_000);
  });
}
