import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { play, publish, startNginxRtmp, until } from "../../test/nginx.js";

const SECRET = "hls-playout-secret";

/** What ffprobe finds at a URL: the kinds of its streams (video, audio), or its error. */
function probe(url: string): { kinds: string[]; stderr: string } {
  const r = spawnSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", url], {
    encoding: "utf8",
    timeout: 20_000,
  });
  return { kinds: [...new Set(r.stdout.split("\n").filter(Boolean))].sort(), stderr: r.stderr };
}

for (const dialect of DIALECTS) {
  describe(`HLS playout through a real nginx [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-hls-"));
    let s: TestServer;
    let nginx: Awaited<ReturnType<typeof startNginxRtmp>>;
    let org: TestOrg;

    beforeAll(async () => {
      s = await startTestServer(dialect, { ORGDECK_INGEST_SECRET: SECRET });
      s.clock.set(Date.now()); // nginx and ffmpeg run in real time
      const tick = setInterval(() => s.clock.set(Date.now()), 200);
      tick.unref();
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (s.app.server.address() as import("node:net").AddressInfo).port;
      nginx = await startNginxRtmp(dir, `127.0.0.1:${port}`, SECRET);
      org = await buildOrg(s, { packages: ["h5live"] });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const stream = (o: TestOrg = org) => s.services.streams.createStreamForOrg(o, { tags: ["hls"] });
    const hls = (id: string, file = "index.m3u8", token?: string) =>
      `${nginx.playout}/hls/${id}/${file}${token === undefined ? "" : `?token=${token}`}`;
    const get = (url: string) =>
      fetch(url).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() }));

    it("serves a live stream's HLS by stream id to ffprobe, carries the token into the playlist, counts the viewer, and ends within 5 s of a lock", async () => {
      const st = await stream();
      const run = publish(nginx.url("live", st.name), 25);
      const first = await until(
        () => get(hls(st.id, "index.m3u8", "abc.def-ghi_jkl")),
        (r) => r.status === 200 && r.body.includes(".ts"),
        15_000,
      );
      expect(first.status, first.body).toBe(200);
      expect(first.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
      expect(first.headers.get("cache-control")).toBe("no-cache");
      expect(first.headers.get("access-control-allow-origin")).toBe("*");
      const segments = first.body.split("\n").filter((l) => l && !l.startsWith("#"));
      expect(segments.length).toBeGreaterThan(0);
      for (const line of segments) expect(line).toMatch(/^[A-Za-z0-9_-]+\.ts\?token=abc\.def-ghi_jkl$/);
      // Without a token the playlist lists plain segment names.
      const plain = await get(hls(st.id));
      for (const line of plain.body.split("\n").filter((l) => l && !l.startsWith("#")))
        expect(line).toMatch(/^[A-Za-z0-9_-]+\.ts$/);
      const segment = await get(hls(st.id, segments[0]!.split("?")[0]!));
      expect(segment.status).toBe(200);
      expect(segment.headers.get("content-type")).toBe("video/mp2t");

      expect(probe(hls(st.id)).kinds).toEqual(["audio", "video"]);
      // nginx keeps orgdeck's answer 5 s per viewer, token and stream: a burst costs one question.
      const ingest = s.services.ingest;
      const authorize = ingest.authorizePlayback;
      let asked = 0;
      ingest.authorizePlayback = (req) => (asked++, authorize(req));
      const burst = [hls(st.id, "index.m3u8", "burst.token"), hls(st.id, segments[0]!.split("?")[0]!, "burst.token")];
      for (let i = 0; i < 10; i++) expect((await get(burst[i % 2]!)).status).toBe(200);
      ingest.authorizePlayback = authorize;
      expect(asked).toBeGreaterThanOrEqual(1);
      expect(asked).toBeLessThanOrEqual(2);
      // The name is the publishing key: it never reaches a file, nor does anything but a plain file name.
      expect((await get(`${nginx.playout}/hls/${st.name}/index.m3u8`)).status).toBe(404);
      expect((await get(`${nginx.playout}/hls/${st.id}/..%2F..%2Fnginx.conf`)).status).toBe(404);
      expect((await get(`${nginx.playout}/hls/${st.id}/index.m3u8.bak`)).status).toBe(404);

      await s.services.ingest.flush();
      const seen = await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers });
      expect(seen.json().live.viewers).toBe(1);

      // RTMP viewers play by stream id; orgdeck redirects nginx to the name.
      const viewer = await play(nginx.url("live", st.id), 2);
      expect(viewer.code, viewer.stderr).toBe(0);

      const lock = await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers });
      expect(lock.statusCode).toBe(200);
      const t0 = Date.now();
      const after = await until(
        () => get(hls(st.id)),
        (r) => r.status === 403,
        8_000,
      );
      expect(after.status).toBe(403);
      expect(Date.now() - t0).toBeLessThanOrEqual(5_500);
      expect(after.body).not.toContain(st.name);
      await run;
    }, 60_000);

    it("refuses HLS and RTMP plays without H5Live, and publishing to rec without Live Processing's recording", async () => {
      const bare = await buildOrg(s, { packages: ["vod"] });
      const st = await stream(bare);
      const run = publish(nginx.url("live", st.name), 8);
      await until(
        async () => fs.existsSync(path.join(nginx.hlsDir, "live", st.name, "index.m3u8")),
        (v) => v,
        10_000,
      );
      expect((await get(hls(st.id))).status).toBe(403);
      expect((await play(nginx.url("live", st.id), 1)).code).not.toBe(0);
      const rec = await publish(nginx.url("rec", st.name), 2);
      expect(rec.code).not.toBe(0);
      await run;
    }, 40_000);

    it("with Secure: ffprobe plays with a minted token (segments carry it); no token or another stream's is refused, RTMP too", async () => {
      const secure = await buildOrg(s, { packages: ["h5live", "secure"] });
      const st = await stream(secure);
      const other = await stream(secure);
      const run = publish(nginx.url("live", st.name), 15);
      const { token } = await s.services.playback.mintPlaybackToken(secure.id, { streamId: st.id }, { expiresIn: 600 });
      const ready = await until(
        () => get(hls(st.id, "index.m3u8", token)),
        (r) => r.status === 200 && r.body.includes(".ts"),
        15_000,
      );
      expect(ready.status).toBe(200);
      expect(probe(hls(st.id, "index.m3u8", token)).kinds).toEqual(["audio", "video"]);
      expect((await get(hls(st.id))).status).toBe(403);
      const segment = ready.body.split("\n").find((l) => l.endsWith(`.ts?token=${token}`))!;
      expect((await get(hls(st.id, segment.split("?")[0]!))).status).toBe(403);
      const foreign = await s.services.playback.mintPlaybackToken(secure.id, { streamId: other.id });
      expect((await get(hls(st.id, "index.m3u8", foreign.token))).status).toBe(403);
      // nginx-rtmp keeps at most 256 bytes of a play's arguments, less than these tokens; RTMP plays with
      // a token are covered by playback-auth.test.ts. Without one, the play is refused.
      expect((await play(nginx.url("live", st.id), 1)).code).not.toBe(0);
      await run;
    }, 50_000);
  });
}
