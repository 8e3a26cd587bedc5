import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { makeTestRecording } from "../../test/media.js";

const SECRET = "vod-secret";
const REC = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-rec-"));

/** A finished recording as nginx-rtmp's record_unique names it (`<stream name>-<unix time>.flv`) and its record_done. */
async function record(s: TestServer, org: TestOrg) {
  const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
  const full = path.join(REC, `${st.name}-${Math.floor(Date.now() / 1000)}.flv`);
  makeTestRecording(full);
  const res = await s.request({
    method: "POST",
    url: `/api/ingest/rtmp?secret=${SECRET}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ call: "record_done", name: st.name, app: "rec", path: full }).toString(),
  });
  return { st, full, res };
}

describeEachDatabase(
  "VOD recordings",
  (server) => {
    it("turns a finished recording into an MP4 asset with size and duration", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const { st, full, res } = await record(s, org);
      expect(res.statusCode).toBe(200);
      expect(fs.existsSync(full)).toBe(false);
      const list = (
        await s.request({ method: "GET", url: `/api/vod?streamId=${st.id}`, headers: org.admin.headers })
      ).json();
      expect(list.vods).toHaveLength(1);
      expect(list.ready).toBe(1);
      const vod = list.vods[0];
      expect(vod).toMatchObject({ status: "ready", streamId: st.id });
      expect(vod.durationMs).toBeGreaterThan(1500);
      expect(vod.durationMs).toBeLessThan(3000);
      expect(vod.sizeBytes).toBeGreaterThan(1000);
      expect(vod.url).toBe(`/vod/${org.hash}/${vod.fileName}`);
    });

    it("discards the recording of an organisation without the vod package", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["h5live"] });
      const { full, res } = await record(s, org);
      expect(res.statusCode).toBe(200);
      expect(fs.existsSync(full)).toBe(false);
      expect((await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().total).toBe(0);
    });

    it("keeps a failed remux as a failed asset with its reason", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const broken = path.join(REC, `${st.name}-${Date.now()}.flv`);
      fs.writeFileSync(broken, "this is not video");
      await s.request({
        method: "POST",
        url: `/api/ingest/rtmp?secret=${SECRET}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({ call: "record_done", name: st.name, path: broken }).toString(),
      });
      const vod = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods[0];
      expect(vod).toMatchObject({ status: "failed", url: null });
      expect(vod.reason).toBeTruthy();
    });

    it("never publishes a file outside the recordings folder through a symlink or a subfolder, and shows no server path", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-outside-"));
      const secret = path.join(outside, "secret.flv");
      makeTestRecording(secret);
      const link = path.join(REC, `${st.name}-${Date.now()}.flv`);
      fs.symlinkSync(secret, link);
      fs.mkdirSync(path.join(REC, "sub"), { recursive: true });
      const nested = path.join(REC, "sub", `${st.name}-${Date.now()}.flv`);
      makeTestRecording(nested);
      const done = (p: string) =>
        s.request({
          method: "POST",
          url: `/api/ingest/rtmp?secret=${SECRET}`,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams({ call: "record_done", name: st.name, path: p }).toString(),
        });
      for (const p of [link, nested]) expect((await done(p)).statusCode, p).toBe(400);
      expect((await done(REC)).statusCode).toBe(403); // names no stream's recording
      expect((await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().total).toBe(0);
      expect(fs.existsSync(secret)).toBe(true);

      const broken = path.join(REC, `${st.name}-${Date.now() + 1}.flv`);
      fs.writeFileSync(broken, "this is not video");
      await done(broken);
      const failed = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods[0];
      expect(failed.status).toBe("failed");
      expect(failed.reason).not.toContain(REC);
      expect(failed.reason).not.toContain(s.config.vodDir);
      expect(failed.reason).not.toMatch(/\/(tmp|var|home|root)\//);
      fs.rmSync(outside, { recursive: true, force: true });
    });

    it("refuses record_done paths outside the recordings folder", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: [] });
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const done = (p: string) =>
        s.request({
          method: "POST",
          url: `/api/ingest/rtmp?secret=${SECRET}`,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          payload: new URLSearchParams({ call: "record_done", name: st.name, path: p }).toString(),
        });
      for (const p of [`/etc/${st.name}-1.flv`, `${REC}/../../etc/${st.name}-1.flv`])
        expect((await done(p)).statusCode, p).toBe(400);
      // A file that is not the stream's recording is refused before anything is opened.
      expect((await done("/etc/passwd")).statusCode).toBe(403);
      expect(fs.existsSync("/etc/passwd")).toBe(true);
    });

    it("serves the file to anyone while public, with ranges, and only to members right after switching off", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const other = await buildOrg(s, { packages: ["vod"] });
      const { st } = await record(s, org);
      const vod = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods[0];
      const full = await s.request({ method: "GET", url: vod.url });
      expect(full.statusCode).toBe(200);
      expect(full.headers["content-type"]).toBe("video/mp4");
      expect(full.headers["cache-control"]).toBe("private, no-store");
      // Embeddable in a <video> on another site while public.
      expect(full.headers["cross-origin-resource-policy"]).toBe("cross-origin");
      expect(full.rawPayload.length).toBe(vod.sizeBytes);
      const part = await s.request({ method: "GET", url: vod.url, headers: { range: "bytes=0-99" } });
      expect(part.statusCode).toBe(206);
      expect(part.headers["content-range"]).toBe(`bytes 0-99/${vod.sizeBytes}`);
      expect(part.rawPayload.length).toBe(100);
      expect(part.rawPayload.equals(full.rawPayload.subarray(0, 100))).toBe(true);
      expect(
        (await s.request({ method: "GET", url: vod.url, headers: { range: `bytes=${vod.sizeBytes}-` } })).statusCode,
      ).toBe(416);
      const pubRes = await s.request({ method: "GET", url: `/api/public/stream/${st.id}` });
      expect(pubRes.headers["access-control-allow-origin"]).toBe("*");
      expect(pubRes.headers["access-control-allow-credentials"]).toBeUndefined();
      expect(pubRes.json().vods).toHaveLength(1);

      await s.request({
        method: "PUT",
        url: "/api/organisation/vod",
        headers: org.admin.headers,
        payload: { public: false },
      });
      expect((await s.request({ method: "GET", url: vod.url })).statusCode).toBe(401);
      expect((await s.request({ method: "GET", url: `/api/public/stream/${st.id}` })).json().vods).toBeUndefined();
      const member = await s.request({ method: "GET", url: vod.url, headers: org.admin.headers });
      expect(member.statusCode).toBe(200);
      expect(member.headers["cross-origin-resource-policy"]).toBe("same-origin");
      expect(
        (await s.request({ method: "GET", url: vod.url, headers: { "x-bintu-apikey": org.apiKey } })).statusCode,
      ).toBe(200);
      expect(
        (await s.request({ method: "GET", url: vod.url, headers: { "x-bintu-apikey": org.playerKey } })).statusCode,
      ).toBe(404);
      expect((await s.request({ method: "GET", url: vod.url, headers: other.admin.headers })).statusCode).toBe(404);
      // Another organisation cannot delete it either: the same 404 as an unknown id, and nothing changes.
      const foreign = await s.request({ method: "DELETE", url: `/api/vod/${vod.id}`, headers: other.admin.headers });
      const unknown = await s.request({
        method: "DELETE",
        url: `/api/vod/00000000-0000-4000-8000-000000000000`,
        headers: other.admin.headers,
      });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.body.replace(/"requestId":"[^"]*"/, "")).toBe(unknown.body.replace(/"requestId":"[^"]*"/, ""));
      expect((await s.request({ method: "GET", url: vod.url, headers: org.admin.headers })).statusCode).toBe(200);
    });

    it("answers ranges and conditions as RFC 9110 says: validators, 304, If-Range, several ranges, unknown units", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      await record(s, org);
      const vod = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods[0];
      const get = (headers: Record<string, string> = {}, method: "GET" | "HEAD" = "GET") =>
        s.request({ method, url: vod.url, headers });
      const full = await get();
      const etag = full.headers.etag as string;
      expect(etag).toBeTruthy();
      expect(full.headers["last-modified"]).toBeTruthy();
      expect(full.headers["accept-ranges"]).toBe("bytes");
      expect((await get({ "if-none-match": etag })).statusCode).toBe(304);
      expect((await get({ "if-modified-since": full.headers["last-modified"] as string })).statusCode).toBe(304);
      const two = await get({ range: "bytes=0-9,20-29" });
      expect(two.statusCode).toBe(200);
      expect(two.rawPayload.length).toBe(vod.sizeBytes);
      const units = await get({ range: "items=0-5" });
      expect(units.statusCode).toBe(200);
      expect(units.rawPayload.length).toBe(vod.sizeBytes);
      const stale = await get({ range: "bytes=0-9", "if-range": '"not-the-etag"' });
      expect(stale.statusCode).toBe(200);
      expect(stale.rawPayload.length).toBe(vod.sizeBytes);
      const fresh = await get({ range: "bytes=10-19", "if-range": etag });
      expect(fresh.statusCode).toBe(206);
      expect(fresh.rawPayload.equals(full.rawPayload.subarray(10, 20))).toBe(true);
      const suffix = await get({ range: "bytes=-5" });
      expect(suffix.statusCode).toBe(206);
      expect(suffix.rawPayload.equals(full.rawPayload.subarray(vod.sizeBytes - 5))).toBe(true);
      const unsatisfiable = await get({ range: `bytes=${vod.sizeBytes + 10}-` });
      expect(unsatisfiable.statusCode).toBe(416);
      expect(unsatisfiable.headers["content-range"]).toBe(`bytes */${vod.sizeBytes}`);
      const head = await get({}, "HEAD");
      expect(head.statusCode).toBe(200);
      expect(Number(head.headers["content-length"])).toBe(vod.sizeBytes);
      expect(head.rawPayload.length).toBe(0);
    });

    it("refuses traversal and unknown files", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      for (const url of [
        `/vod/${org.hash}/..%2F..%2Fsecret.key`,
        `/vod/${org.hash}/%2e%2e%2fsecret.key`,
        `/vod/${org.hash}/${crypto.randomUUID()}.mp4`,
        "/vod/../../etc/passwd",
      ]) {
        const res = await s.request({ method: "GET", url });
        expect(res.statusCode, url).toBe(404);
      }
    });

    it("deletes a recording and its file (admin only)", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      await record(s, org);
      const vod = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods[0];
      expect(
        (await s.request({ method: "DELETE", url: `/api/vod/${vod.id}`, headers: org.admin.headers })).statusCode,
      ).toBe(200);
      expect((await s.request({ method: "GET", url: vod.url, headers: org.admin.headers })).statusCode).toBe(404);
      expect(fs.existsSync(path.join(s.config.vodDir, org.hash, vod.fileName))).toBe(false);
    });
  },
  { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_RECORDINGS_DIR: REC },
);
