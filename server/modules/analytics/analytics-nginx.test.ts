import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../../contract/analytics.js";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { play, publish, startNginxRtmp, until } from "../../test/nginx.js";

const SECRET = "analytics-nginx-secret";

/**
 * Usage from a real nginx-rtmp and real ffmpeg publisher and players. Media and callbacks run in real
 * time; orgdeck's clock runs at real speed too but is moved a minute ahead between samples, so three
 * sampled minutes take about a minute instead of three. (The live sweep's limit is raised so the jumps do
 * not end the stream; every other part — callbacks, /hls authorisation, viewer tallies, the collector —
 * is the production path.)
 */
for (const dialect of DIALECTS) {
  describe(`usage analytics from a real nginx [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-analytics-"));
    let s: TestServer;
    let nginx: Awaited<ReturnType<typeof startNginxRtmp>>;
    let org: TestOrg;
    let offset = 0;

    beforeAll(async () => {
      s = await startTestServer(dialect, { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_RTMP_UPDATE_INTERVAL: "600000" });
      s.clock.set(Date.now());
      const tick = setInterval(() => s.clock.set(Date.now() + offset), 100);
      tick.unref();
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (s.app.server.address() as import("node:net").AddressInfo).port;
      nginx = await startNginxRtmp(dir, `127.0.0.1:${port}`, SECRET);
      org = await buildOrg(s, { packages: ["h5live"], analyticsLevel: "premium" });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const viewersNow = async (id: string) => {
      const res = await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers });
      return (res.json().live?.viewers as number | undefined) ?? -1;
    };
    /** To the start of the next minute on orgdeck's clock (plus a few seconds). */
    const nextMinute = () => {
      const now = Date.now() + offset;
      offset += Math.ceil(now / MINUTE_MS) * MINUTE_MS + 2_000 - now;
      s.clock.set(Date.now() + offset);
    };
    const sample = async () => {
      await s.services.ingest.flush();
      expect(await s.services.analytics.collect()).toBe(true);
    };

    it("a 3-minute publish with an RTMP player for 2 minutes and an HLS viewer for 1: published 3, viewer minutes 3, peak 2", async () => {
      const st = await s.services.streams.createStreamForOrg(org, { tags: ["nginx"] });
      nextMinute();
      const first = Date.now() + offset - 2_000;
      const publisher = publish(nginx.url("live", st.name), 60);
      expect(
        await until(
          () => viewersNow(st.id),
          (v) => v === 0,
          20_000,
        ),
      ).toBe(0); // live, nobody watching

      // Minute 0: one RTMP player.
      const rtmp = play(nginx.url("live", st.id), 18);
      expect(
        await until(
          () => viewersNow(st.id),
          (v) => v === 1,
          15_000,
        ),
      ).toBe(1);
      await sample();

      // Minute 1: the RTMP player and an HLS viewer.
      nextMinute();
      const hls = play(`${nginx.playout}/hls/${st.id}/index.m3u8`, 8);
      expect(
        await until(
          () => viewersNow(st.id),
          (v) => v === 2,
          15_000,
        ),
      ).toBe(2);
      await sample();

      // Minute 2: both gone (the HLS viewer's last request is a minute old on orgdeck's clock), still live.
      await rtmp;
      await hls;
      nextMinute();
      expect(
        await until(
          () => viewersNow(st.id),
          (v) => v === 0,
          15_000,
        ),
      ).toBe(0);
      await sample();
      void publisher; // ends on its own, or when nginx stops

      const iso = (ms: number) => new Date(ms).toISOString();
      const res = await s.request({
        method: "GET",
        url: `/api/analytics/usage?granularity=minute&stream=${st.id}&from=${iso(first)}&to=${iso(first + 3 * MINUTE_MS)}`,
        headers: org.admin.headers,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.series.map((p: { publishedMinutes: number }) => p.publishedMinutes)).toEqual([1, 1, 1]);
      expect(body.totals).toMatchObject({ publishedMinutes: 3, viewerMinutes: 3, peakViewers: 2 });
      // Distinct viewers go by token subject or client address: both players ran on 127.0.0.1, so one.
      const hour = await s.request({
        method: "GET",
        url: `/api/analytics/usage?granularity=hour&stream=${st.id}&from=${iso(first - 2 * 60 * MINUTE_MS)}`,
        headers: org.admin.headers,
      });
      expect(hour.json().totals.publishedMinutes).toBe(3);
      expect(hour.json().totals.viewers).toBe(1);
    }, 150_000);
  });
}
