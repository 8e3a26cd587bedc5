import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, it } from "vitest";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";

const BIG = 256 * 1024 * 1024;
const MARK = Buffer.from("orgdeck-range-mark-");

/** A private recording of `size` bytes (sparse on disk) with a marker at offset 1000. */
async function privateRecording(s: TestServer, org: TestOrg, size: number) {
  return (await privateRecordingOf(s, org, size)).url;
}

async function privateRecordingOf(s: TestServer, org: TestOrg, size: number) {
  await s.request({
    method: "PUT",
    url: "/api/organisation/vod",
    headers: org.admin.headers,
    payload: { public: false },
  });
  const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
  const id = crypto.randomUUID();
  const dir = path.join(s.config.vodDir, org.hash);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${id}.mp4`);
  fs.writeFileSync(file, "");
  fs.truncateSync(file, size);
  const fd = fs.openSync(file, "r+");
  fs.writeSync(fd, MARK, 0, MARK.length, 1000);
  fs.closeSync(fd);
  await s.database.db
    .insertInto("vod_assets")
    .values({
      id,
      org_id: org.id,
      stream_id: st.id,
      file_name: `${id}.mp4`,
      status: "ready",
      reason: null,
      size_bytes: size,
      duration_ms: 1000,
      created_at: s.clock.now(),
    })
    .execute();
  return { url: `/vod/${org.hash}/${id}.mp4`, streamId: st.id, recordingId: id };
}

/** Bytes this process has read through system calls so far (Linux). */
const bytesRead = () => Number(/rchar:\s*(\d+)/.exec(fs.readFileSync("/proc/self/io", "utf8"))![1]);

describeEachDatabase("private VOD files are streamed", (server) => {
  it("serves ranges of a private recording to members only: 206, 416, 304", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod"] });
    const url = await privateRecording(s, org, 4096);
    expect((await s.request({ method: "GET", url, headers: { range: "bytes=0-9" } })).statusCode).toBe(401);

    const part = await s.request({
      method: "GET",
      url,
      headers: { ...org.admin.headers, range: `bytes=1000-${1000 + MARK.length - 1}` },
    });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-type"]).toBe("video/mp4");
    expect(part.headers["content-range"]).toBe(`bytes 1000-${1000 + MARK.length - 1}/4096`);
    expect(part.headers["cache-control"]).toBe("private, no-store");
    expect(part.rawPayload.equals(MARK)).toBe(true);

    const beyond = await s.request({ method: "GET", url, headers: { ...org.admin.headers, range: "bytes=5000-6000" } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers["content-range"]).toBe("bytes */4096");
    const backwards = await s.request({ method: "GET", url, headers: { ...org.admin.headers, range: "bytes=9-2" } });
    expect(backwards.statusCode).toBe(416);

    const etag = part.headers.etag as string;
    expect(
      (await s.request({ method: "GET", url, headers: { ...org.admin.headers, "if-none-match": etag } })).statusCode,
    ).toBe(304);
  });

  it("gives a part for If-Range only on a strong, exact validator; a weak tag gets the whole file", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod"] });
    const url = await privateRecording(s, org, 4096);
    const get = (headers: Record<string, string>) =>
      s.request({ method: "GET", url, headers: { ...org.admin.headers, range: "bytes=1000-1009", ...headers } });
    const first = await get({});
    expect(first.statusCode).toBe(206);
    const etag = first.headers.etag as string;
    const lastModified = first.headers["last-modified"] as string;
    // Recording files never change once written, so their tag is strong.
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);

    for (const weak of [`W/${etag}`, ` W/${etag}`]) {
      const res = await get({ "if-range": weak });
      expect(res.statusCode, weak).toBe(200);
      expect(res.rawPayload.length).toBe(4096);
      expect(res.headers["content-range"]).toBeUndefined();
    }
    const strong = await get({ "if-range": etag });
    expect(strong.statusCode).toBe(206);
    expect(strong.rawPayload.subarray(0, 10).equals(MARK.subarray(0, 10))).toBe(true);
    expect((await get({ "if-range": lastModified })).statusCode).toBe(206);
    const later = new Date(Date.parse(lastModified) + 60_000).toUTCString();
    expect((await get({ "if-range": later })).statusCode).toBe(200);
    expect((await get({ "if-range": '"0-0"' })).statusCode).toBe(200);
    // The strong tag still validates caches.
    expect(
      (await s.request({ method: "GET", url, headers: { ...org.admin.headers, "if-none-match": etag } })).statusCode,
    ).toBe(304);
  });

  it("keeps a deleted stream's recordings listed and downloadable until they are deleted themselves", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod"] });
    const rec = await privateRecordingOf(s, org, 4096);
    const { url } = rec;
    const del = await s.request({ method: "DELETE", url: `/api/stream/${rec.streamId}`, headers: org.admin.headers });
    expect(del.statusCode).toBe(200);
    const list = (await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json();
    expect(list.vods).toHaveLength(1);
    expect(list.vods[0]).toMatchObject({ id: rec.recordingId, streamId: rec.streamId, status: "ready", url });
    const file = await s.request({ method: "GET", url, headers: org.admin.headers });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.length).toBe(4096);
    // Another organisation still cannot reach it, and deleting the recording removes it.
    const other = await buildOrg(s, { packages: ["vod"] });
    expect((await s.request({ method: "GET", url, headers: other.admin.headers })).statusCode).toBe(404);
    const gone = await s.request({ method: "DELETE", url: `/api/vod/${rec.recordingId}`, headers: org.admin.headers });
    expect(gone.statusCode).toBe(200);
    expect((await s.request({ method: "GET", url, headers: org.admin.headers })).statusCode).toBe(404);
    expect((await s.request({ method: "GET", url: "/api/vod", headers: org.admin.headers })).json().vods).toEqual([]);
  });

  it("starts answering a 256 MiB recording after reading only a little of it", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod"] });
    const url = await privateRecording(s, org, BIG);
    await s.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = s.app.server.address() as AddressInfo;

    const before = bytesRead();
    const { status, length, first, readSoFar } = await new Promise<{
      status: number;
      length: number;
      first: Buffer;
      readSoFar: number;
    }>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: url, headers: org.admin.headers }, (res) => {
        res.once("data", (chunk: Buffer) => {
          // Stop reading: a streaming server now waits for the slow client instead of reading on.
          res.pause();
          setTimeout(() => {
            resolve({
              status: res.statusCode ?? 0,
              length: Number(res.headers["content-length"]),
              first: chunk,
              readSoFar: bytesRead() - before,
            });
            req.destroy();
          }, 300);
        });
      });
      req.on("error", reject);
    });
    expect(status).toBe(200);
    expect(length).toBe(BIG);
    expect(first.length).toBeGreaterThan(0);
    // A server that buffered the file would have read all 256 MiB before its first byte went out.
    expect(readSoFar).toBeLessThan(32 * 1024 * 1024);
  });
});
