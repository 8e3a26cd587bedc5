import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { DIALECTS, startTestServer, type TestServer } from "../../test/harness.js";
import { publish, startNginxRtmp, until } from "../../test/nginx.js";

const SECRET = "thumbnail-secret";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 960×540 test pattern (bigger than a thumbnail, so the picture must be scaled), video only. */
function publishLarge(url: string, seconds: number): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      "ffmpeg",
      [
        ...["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi"],
        ...["-i", `testsrc=size=960x540:rate=10:duration=${seconds}`],
        ...["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "10", "-f", "flv", url],
      ],
      { stdio: "ignore" },
    );
    const killer = setTimeout(() => child.kill("SIGKILL"), (seconds + 20) * 1000);
    child.on("exit", (code) => (clearTimeout(killer), resolve(code)));
  });
}

/** What ffprobe reads in a picture: codec, width and height. */
function probe(jpeg: Buffer, dir: string): { codec: string; width: number; height: number } {
  const file = path.join(dir, `probe-${Date.now()}.jpg`);
  fs.writeFileSync(file, jpeg);
  const r = spawnSync(
    "ffprobe",
    ["-v", "error", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", file],
    { encoding: "utf8", timeout: 20_000 },
  );
  const [codec, width, height] = r.stdout.trim().split(",");
  return { codec: codec ?? r.stderr, width: Number(width), height: Number(height) };
}

for (const dialect of DIALECTS) {
  describe(`thumbnails from a real nginx with ffmpeg [${dialect}]`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-thumbs-"));
    let s: TestServer;
    let nginx: Awaited<ReturnType<typeof startNginxRtmp>>;
    let org: TestOrg;

    beforeAll(async () => {
      s = await startTestServer(dialect, { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_THUMBNAIL_INTERVAL: "2s" });
      s.clock.set(Date.now()); // nginx and ffmpeg run in real time
      setInterval(() => s.clock.set(Date.now()), 100).unref();
      await s.app.listen({ port: 0, host: "127.0.0.1" });
      const port = (s.app.server.address() as import("node:net").AddressInfo).port;
      nginx = await startNginxRtmp(dir, `127.0.0.1:${port}`, SECRET);
      // The playout server's port is known only now; the service reads the configuration per capture.
      s.config.playoutUrl = nginx.playout;
      s.services.thumbnails.start();
      // Thumbnails need no H5Live: orgdeck's own reads are not playback.
      org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    }, 60_000);

    afterAll(async () => {
      await nginx?.stop();
      await s?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const thumb = (id: string, headers: Record<string, string> = {}, o: TestOrg = org) =>
      s.request({ method: "GET", url: `/api/stream/${id}/thumbnail`, headers: { ...o.admin.headers, ...headers } });

    it("takes a JPEG at most 640 px wide, a newer one after the interval, keeps the last after the stream ends, and counts no viewer", async () => {
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const run = publishLarge(nginx.url("live", st.name), 14);
      const first = await until(
        () => thumb(st.id),
        (r) => r.statusCode === 200,
        20_000,
      );
      expect(first.statusCode, first.body).toBe(200);
      expect(first.headers["content-type"]).toBe("image/jpeg");
      expect(first.headers["cache-control"]).toBe("private, max-age=2");
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(probe(first.rawPayload, dir)).toEqual({ codec: "mjpeg", width: 640, height: 360 });
      expect((await thumb(st.id, { "if-none-match": etag })).statusCode).toBe(304);

      const answer = await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers });
      expect(answer.json().thumbnailUrl).toBe(`/api/stream/${st.id}/thumbnail`);
      await s.services.ingest.flush();
      expect(answer.json().live.viewers).toBe(0);
      const counted = await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers });
      expect(counted.json().live.viewers).toBe(0);

      const newer = await until(
        () => thumb(st.id),
        (r) => r.statusCode === 200 && r.headers.etag !== etag,
        8_000,
      );
      expect(newer.headers.etag).not.toBe(etag);
      expect(probe(newer.rawPayload, dir).codec).toBe("mjpeg");

      expect(await run).toBe(0);
      await until(
        async () =>
          (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).json(),
        (b: { state: string }) => b.state !== "live",
        15_000,
      );
      await sleep(6_000); // a capture started just before the end finishes within its deadline (5 s)
      const captures = s.services.thumbnails.stats().captures;
      const last = await thumb(st.id);
      expect(last.statusCode).toBe(200);
      await sleep(5_000);
      // Not live: no more captures, and the last picture stays.
      expect(s.services.thumbnails.stats().captures).toBe(captures);
      const kept = await thumb(st.id);
      expect(kept.statusCode).toBe(200);
      expect(kept.headers.etag).toBe(last.headers.etag);
    }, 90_000);

    it("without the thumbnail feature: 403 and no ffmpeg started for the stream", async () => {
      const bare = await buildOrg(s, { packages: ["h5live"] });
      const st = await s.services.streams.createStreamForOrg(bare, { tags: [] });
      const before = s.services.thumbnails.stats().captures;
      const run = publish(nginx.url("live", st.name), 7);
      await until(
        async () => fs.existsSync(path.join(nginx.hlsDir, "live", st.name, "index.m3u8")),
        (v) => v,
        10_000,
      );
      await sleep(4_000);
      const refused = await thumb(st.id, {}, bare);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe("package_required");
      expect(s.services.thumbnails.stats().captures).toBe(before);
      const rows = await s.database.db
        .selectFrom("stream_thumbnails")
        .select("stream_id")
        .where("stream_id", "=", st.id)
        .execute();
      expect(rows).toHaveLength(0);
      await run;
    }, 40_000);

    it("two instances on one database take one picture per interval between them", async () => {
      const peer = await s.startPeer();
      peer.services.thumbnails.start();
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const run = publish(nginx.url("live", st.name), 16);
      await until(
        () => thumb(st.id),
        (r) => r.statusCode === 200,
        20_000,
      );
      const runs = () => s.services.thumbnails.stats().captures + peer.services.thumbnails.stats().captures;
      const stored = () => s.services.thumbnails.stats().stored + peer.services.thumbnails.stats().stored;
      const [c0, s0, t0] = [runs(), stored(), Date.now()];
      await sleep(8_000);
      const [c1, s1, seconds] = [runs(), stored(), (Date.now() - t0) / 1000];
      // One capture per 2 s interval between both instances (each alone would also make one per interval).
      expect(c1 - c0).toBeGreaterThanOrEqual(2);
      expect(c1 - c0).toBeLessThanOrEqual(Math.floor(seconds / 2) + 1);
      expect(s1 - s0).toBeGreaterThanOrEqual(2);
      await peer.close();
      await run;
    }, 60_000);
  });
}
