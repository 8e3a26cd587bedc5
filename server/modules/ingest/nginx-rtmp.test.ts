import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { publish, startNginxRtmp, until } from "../../test/nginx.js";
import { startReceiver } from "../../test/receiver.js";

const SECRET = "rtmp-e2e-secret";

for (const dialect of DIALECTS) {
  describe(`a real nginx-rtmp and ffmpeg [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-rtmp-"));
    let s: TestServer;
    let nginx: Awaited<ReturnType<typeof startNginxRtmp>>;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let org: TestOrg;

    beforeAll(async () => {
      receiver = await startReceiver("200");
      s = await startTestServer(dialect, {
        ORGDECK_INGEST_SECRET: SECRET,
        ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
        ORGDECK_WEBHOOK_PORTS: "any",
        ORGDECK_WEBHOOK_DEADLINE: "1s",
        ORGDECK_RECORDINGS_DIR: path.join(dir, "rec"),
      });
      // Real clock: nginx and ffmpeg run in real time.
      s.clock.set(Date.now());
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (s.app.server.address() as import("node:net").AddressInfo).port;
      nginx = await startNginxRtmp(dir, `127.0.0.1:${port}`, SECRET);
      org = await buildOrg(s, { packages: ["vod", "liveProcessing"] });
      await s.request({
        method: "PUT",
        url: "/api/organisation/webhook",
        headers: org.admin.headers,
        payload: { webhook: receiver.url },
      });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await receiver?.close();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const stream = () => s.services.streams.createStreamForOrg(org, { tags: ["rtmp"] });
    const state = async (id: string) =>
      (await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers })).json().state as string;

    it("lets a publish through when the webhook answers 200: live while publishing, ended after", async () => {
      receiver.setMode("200");
      const st = await stream();
      const before = receiver.calls.length;
      const run = publish(`${nginx.url("live", st.name)}?passcode=abc`, 4);
      expect(
        await until(
          () => state(st.id),
          (v) => v === "live",
        ),
      ).toBe("live");
      const result = await run;
      expect(result.code, result.stderr).toBe(0);
      expect(
        await until(
          () => state(st.id),
          (v) => v === "ended",
        ),
      ).toBe("ended");
      // The stream is ended first; the publish_done call to the webhook follows (its answer changes nothing).
      const sent = await until(
        async () => receiver.calls.slice(before).map((c) => c.body),
        (bodies) => bodies.some((b) => b.includes("call=publish_done")),
      );
      expect(sent[0]).toMatch(
        new RegExp(`^passcode=abc&call=publish&name=${st.name}&app=live&addr=127\\.0\\.0\\.1&clientid=\\d+`),
      );
      expect(sent.some((b) => b.includes("call=publish_done"))).toBe(true);
    }, 40_000);

    it.each(["403", "hang"] as const)(
      "refuses the publish when the webhook answers %s",
      async (mode) => {
        receiver.setMode(mode);
        const st = await stream();
        const result = await publish(nginx.url("live", st.name), 3);
        expect(result.code).not.toBe(0);
        expect(await state(st.id)).toBe("created");
        receiver.setMode("200");
      },
      40_000,
    );

    it("refuses a locked stream without asking the webhook, and an unknown stream", async () => {
      const st = await stream();
      await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers });
      const before = receiver.calls.length;
      expect((await publish(nginx.url("live", st.name), 2)).code).not.toBe(0);
      // (Calls about earlier tests' streams may still arrive; none may be about this one.)
      expect(receiver.calls.slice(before).filter((c) => c.body.includes(st.name))).toEqual([]);
      expect((await publish(nginx.url("live", `${org.hash}-nope0`), 2)).code).not.toBe(0);
    }, 40_000);

    it("records to rec: a VOD appears, public while the switch is on and withheld right after it is off", async () => {
      receiver.setMode("200");
      const st = await stream();
      const result = await publish(nginx.url("rec", st.name), 3);
      expect(result.code, result.stderr).toBe(0);
      const list = await until(
        async () =>
          (await s.request({ method: "GET", url: `/api/vod?streamId=${st.id}`, headers: org.admin.headers })).json(),
        (v) => v.vods.length > 0,
      );
      const vod = list.vods[0];
      expect(vod.status).toBe("ready");
      expect(vod.durationMs).toBeGreaterThan(2000);
      expect(vod.durationMs).toBeLessThan(5000);
      expect((await s.request({ method: "GET", url: vod.url, headers: { range: "bytes=0-1023" } })).statusCode).toBe(
        206,
      );
      expect((await s.request({ method: "GET", url: `/api/public/stream/${st.id}` })).json().vods).toHaveLength(1);
      await s.request({
        method: "PUT",
        url: "/api/organisation/vod",
        headers: org.admin.headers,
        payload: { public: false },
      });
      expect((await s.request({ method: "GET", url: vod.url })).statusCode).toBe(401);
      expect((await s.request({ method: "GET", url: `/api/public/stream/${st.id}` })).json().vods).toBeUndefined();
      expect((await s.request({ method: "GET", url: vod.url, headers: org.admin.headers })).statusCode).toBe(200);
      await s.request({
        method: "PUT",
        url: "/api/organisation/vod",
        headers: org.admin.headers,
        payload: { public: true },
      });
    }, 60_000);

    it("keeps no recording for an organisation without the vod package", async () => {
      // Recording is allowed (Live Processing) but without vod nothing is kept.
      const plain = await buildOrg(s, { packages: ["h5live", "liveProcessing.recording"] });
      const st = await s.services.streams.createStreamForOrg(plain, { tags: [] });
      expect((await publish(nginx.url("rec", st.name), 2)).code).toBe(0);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await s.request({ method: "GET", url: "/api/vod", headers: plain.admin.headers })).json().total).toBe(0);
      expect(fs.readdirSync(nginx.recDir).filter((f) => f.startsWith(st.name))).toEqual([]);
    }, 40_000);
  });
}
