import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { makeTestRecording } from "../../test/media.js";

const SECRET = "session-binding-secret";
const REC = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-bind-rec-"));
const NODE_A = "10.0.0.5:8080";
const NODE_B = "10.0.0.6:8080";

/** One nginx-rtmp callback as a node sends it: nginx's session fields first, then the call's own. */
function callback(s: TestServer, node: string, fields: Record<string, string>) {
  return s.request({
    method: "POST",
    url: `/api/ingest/rtmp?secret=${SECRET}&node=${encodeURIComponent(node)}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams({ app: "live", addr: "192.0.2.1", ...fields }).toString(),
  });
}

async function streamOf(s: TestServer, org: TestOrg, id: string) {
  return (await s.request({ method: "GET", url: `/api/stream/${id}`, headers: org.admin.headers })).json();
}

async function lastCalls(s: TestServer, org: TestOrg, streamId: string, limit: number) {
  await s.services.ingest.flush();
  const res = await s.request({
    method: "GET",
    url: `/api/ingest/calls?streamId=${streamId}&limit=${limit}`,
    headers: org.admin.headers,
  });
  return res.json().calls as Array<{ call: string; decision: string; reason: string }>;
}

describeEachDatabase(
  "media-server callbacks bound to their session",
  (server) => {
    it("ignores a publish_done from another client or node: the stream stays live, and the call log says why", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await callback(s, NODE_A, { call: "publish", name: st.name, clientid: "5" })).statusCode).toBe(200);

      expect((await callback(s, NODE_A, { call: "publish_done", name: st.name, clientid: "9" })).statusCode).toBe(403);
      expect((await callback(s, NODE_B, { call: "publish_done", name: st.name, clientid: "5" })).statusCode).toBe(403);
      const still = await streamOf(s, org, st.id);
      expect(still.state).toBe("live");
      expect(still.live).toMatchObject({ node: NODE_A, publisherAddr: "192.0.2.1" });
      const [other, foreign] = await lastCalls(s, org, st.id, 2);
      expect(other).toMatchObject({
        call: "publish_done",
        decision: "deny",
        reason: `publish_done from client 5 on ${NODE_B}, not the session's publisher (client 5 on ${NODE_A}): ignored`,
      });
      expect(foreign).toMatchObject({
        call: "publish_done",
        decision: "deny",
        reason: `publish_done from client 9 on ${NODE_A}, not the session's publisher (client 5 on ${NODE_A}): ignored`,
      });

      // The session's own publisher ends it.
      expect((await callback(s, NODE_A, { call: "publish_done", name: st.name, clientid: "5" })).statusCode).toBe(200);
      expect((await streamOf(s, org, st.id)).state).toBe("ended");
    });

    it("refuses an update_publish from another publisher, so nginx drops it; the session's own goes on", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await callback(s, NODE_A, { call: "publish", name: st.name, clientid: "5" })).statusCode).toBe(200);
      const before = (await streamOf(s, org, st.id)).live.lastCallbackAt;
      s.clock.advance(5000);
      expect((await callback(s, NODE_B, { call: "update_publish", name: st.name, clientid: "7" })).statusCode).toBe(
        403,
      );
      expect((await callback(s, NODE_A, { call: "update_publish", name: st.name, clientid: "6" })).statusCode).toBe(
        403,
      );
      const after = await streamOf(s, org, st.id);
      expect(after.state).toBe("live");
      expect(after.live.lastCallbackAt).toBe(before); // a stray update keeps nothing alive
      const [stray] = await lastCalls(s, org, st.id, 1);
      expect(stray).toMatchObject({ call: "update_publish", decision: "deny" });
      expect(stray!.reason).toMatch(/not the live session's publisher \(client 5 on 10\.0\.0\.5:8080\): refused$/);

      expect((await callback(s, NODE_A, { call: "update_publish", name: st.name, clientid: "5" })).statusCode).toBe(
        200,
      );
      expect((await streamOf(s, org, st.id)).live.lastCallbackAt).not.toBe(before);
    });

    it("refuses a second publisher on the node holding the live one; a publish on another node takes the session over", async () => {
      const s = server();
      const org = await buildOrg(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await callback(s, NODE_A, { call: "publish", name: st.name, clientid: "5" })).statusCode).toBe(200);
      // nginx would refuse it there too ("already publishing"); its publish_done then ends nothing.
      const second = await callback(s, NODE_A, { call: "publish", name: st.name, clientid: "8", addr: "198.51.100.9" });
      expect(second.statusCode).toBe(403);
      expect((await callback(s, NODE_A, { call: "publish_done", name: st.name, clientid: "8" })).statusCode).toBe(403);
      expect(await streamOf(s, org, st.id)).toMatchObject({ state: "live", live: { publisherAddr: "192.0.2.1" } });

      // A publisher on another node (the first one's node lost, say) takes over; the old one's calls end nothing.
      expect((await callback(s, NODE_B, { call: "publish", name: st.name, clientid: "3" })).statusCode).toBe(200);
      expect((await callback(s, NODE_A, { call: "update_publish", name: st.name, clientid: "5" })).statusCode).toBe(
        403,
      );
      expect((await callback(s, NODE_A, { call: "publish_done", name: st.name, clientid: "5" })).statusCode).toBe(403);
      expect(await streamOf(s, org, st.id)).toMatchObject({ state: "live", live: { node: NODE_B } });
      expect((await callback(s, NODE_B, { call: "publish_done", name: st.name, clientid: "3" })).statusCode).toBe(200);
      expect((await streamOf(s, org, st.id)).state).toBe("ended");
    });

    it("registers a recording only for the stream whose name its file carries, in that stream's organisation", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const other = await buildOrg(s, { packages: ["vod"] });
      const a = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const a2 = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const b = await s.services.streams.createStreamForOrg(other, { tags: [] });
      const file = path.join(REC, `${a.name}-${Math.floor(Date.now() / 1000)}.flv`);
      makeTestRecording(file, 1);
      const recordDone = (name: string, p: string) =>
        callback(s, NODE_A, { call: "record_done", app: "rec", recorder: "", name, path: p, clientid: "5" });

      expect((await recordDone(b.name, file)).statusCode).toBe(403); // another organisation's stream
      expect((await recordDone(a2.name, file)).statusCode).toBe(403); // another stream of the same one
      const unnamed = path.join(REC, `upload-${Date.now()}.flv`);
      fs.copyFileSync(file, unnamed);
      expect((await recordDone(a.name, unnamed)).statusCode).toBe(403); // a file that names no stream
      expect(fs.existsSync(file)).toBe(true); // refused calls leave the file alone
      expect(fs.existsSync(unnamed)).toBe(true);
      const vods = async (o: TestOrg) =>
        (await s.request({ method: "GET", url: "/api/vod", headers: o.admin.headers })).json().vods;
      expect(await vods(other)).toEqual([]);
      expect(await vods(org)).toEqual([]);
      const [refused] = await lastCalls(s, other, b.id, 1);
      expect(refused).toMatchObject({
        call: "record_done",
        decision: "deny",
        reason: `the file is not a recording of ${b.name}: not registered`,
      });

      expect((await recordDone(a.name, file)).statusCode).toBe(200);
      const mine = await vods(org);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ streamId: a.id, status: "ready" });
      fs.rmSync(unnamed, { force: true });
    });
  },
  { ORGDECK_INGEST_SECRET: SECRET, ORGDECK_RECORDINGS_DIR: REC },
);
