import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { buildOrg, buildUser, PASSWORD, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { makeTestRecording } from "../../test/media.js";
import { startSignedReceiver } from "./test-support.js";

/** Each API change that causes an event reaches a subscribed endpoint, signed for the standardwebhooks library. */
const SECRET = "emitted-events-ingest";
const REC = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-events-rec-"));
const ENV = {
  ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
  ORGDECK_WEBHOOK_PORTS: "any",
  ORGDECK_EVENT_RETRY_SCHEDULE: "1s,1s",
  ORGDECK_INGEST_SECRET: SECRET,
  ORGDECK_RECORDINGS_DIR: REC,
  ORGDECK_RTMP_UPDATE_INTERVAL: "1s",
};

interface Received {
  type: string;
  data: Record<string, unknown>;
  verifiedBy: string[];
}

describeEachDatabase(
  "events emitted by changes",
  (server) => {
    let rx: Awaited<ReturnType<typeof startSignedReceiver>> | undefined;
    afterAll(async () => rx?.close());

    /** An organisation with an endpoint for every event, whose secret the receiver trusts. */
    async function subscribed(s: TestServer, opts: { packages?: string[] } = {}) {
      rx ??= await startSignedReceiver(s.clock);
      const org = await buildOrg(s, opts);
      const route = `/${org.id}`;
      const res = await call(s, org, "POST", "/api/event-endpoint", { url: rx.url(route), events: ["*"] });
      expect(res.statusCode).toBe(201);
      const secret = res.json<{ secret: string }>().secret;
      rx.trust([secret]);
      const receiver = rx;
      /** Waits until an event of `type` arrived for this organisation and returns it. */
      const received = async (type: string): Promise<Received> => {
        const until = Date.now() + 10_000;
        for (;;) {
          const hit = receiver.receipts.find((r) => r.path === route && JSON.parse(r.body).type === type);
          if (hit) return { ...(JSON.parse(hit.body) as Omit<Received, "verifiedBy">), verifiedBy: hit.verifiedBy };
          if (Date.now() > until) throw new Error(`no ${type} event arrived`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      return { org, secret, received };
    }
    const call = (s: TestServer, org: TestOrg, method: string, url: string, payload?: object) =>
      s.request({
        method: method as "GET",
        url,
        headers: org.admin.headers,
        ...(payload ? { payload } : {}),
      });
    const ingest = (s: TestServer, body: Record<string, string>) =>
      s.request({
        method: "POST",
        url: `/api/ingest/rtmp?secret=${SECRET}`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(body).toString(),
      });

    it("streams: created, live, ended, locked, unlocked, deleted", async () => {
      const s = server();
      const { org, secret, received } = await subscribed(s);
      const created = (await call(s, org, "POST", "/api/stream", { tags: ["news"] })).json<{
        id: string;
        name: string;
      }>();
      const ev = await received("stream.created");
      expect(ev.data).toEqual({ streamId: created.id, name: created.name, tags: ["news"] });
      expect(ev.verifiedBy).toEqual([secret]);

      expect((await ingest(s, { call: "publish", name: created.name, app: "live" })).statusCode).toBe(200);
      expect((await received("stream.live")).data).toMatchObject({ streamId: created.id, state: "live" });
      expect((await ingest(s, { call: "publish_done", name: created.name, app: "live" })).statusCode).toBe(200);
      expect((await received("stream.ended")).data).toMatchObject({ streamId: created.id, state: "ended" });

      expect((await call(s, org, "POST", `/api/stream/${created.id}/lock`)).statusCode).toBe(200);
      expect((await received("stream.locked")).data).toMatchObject({ streamId: created.id, state: "locked" });
      expect((await call(s, org, "POST", `/api/stream/${created.id}/unlock`)).statusCode).toBe(200);
      expect((await received("stream.unlocked")).data).toMatchObject({ streamId: created.id, state: "created" });
      expect((await call(s, org, "DELETE", `/api/stream/${created.id}`)).statusCode).toBe(200);
      expect((await received("stream.deleted")).data).toMatchObject({ streamId: created.id, name: created.name });
    });

    it("the live-watch sweeper's end of a silent stream is a stream.ended event", async () => {
      const s = server();
      const { org, received } = await subscribed(s);
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      expect((await ingest(s, { call: "publish", name: st.name, app: "live" })).statusCode).toBe(200);
      await received("stream.live");
      // Silent for more than 3 update intervals (1 s each): the next sweep ends it.
      s.clock.advance(3500);
      expect((await received("stream.ended")).data).toEqual({ streamId: st.id, name: st.name, state: "ended" });
    });

    it("recordings: ready and failed", async () => {
      const s = server();
      const { org, received } = await subscribed(s, { packages: ["vod"] });
      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const good = path.join(REC, `${st.name}-1.flv`);
      makeTestRecording(good);
      await ingest(s, { call: "record_done", name: st.name, app: "rec", path: good });
      expect((await received("recording.ready")).data).toMatchObject({ streamId: st.id, state: "ready" });
      const broken = path.join(REC, `${st.name}-2.flv`);
      fs.writeFileSync(broken, "this is not video");
      await ingest(s, { call: "record_done", name: st.name, app: "rec", path: broken });
      expect((await received("recording.failed")).data).toMatchObject({ streamId: st.id, state: "failed" });
    });

    it("members: joined, role_changed, removed; API key: rotated, without the key", async () => {
      const s = server();
      const { org, received } = await subscribed(s);
      const invite = (await call(s, org, "POST", "/api/invite", { role: "nanoReadOnly" })).json<{ url: string }>();
      const accepted = await s.request({
        method: "POST",
        url: `/api/invite/${invite.url.split("/").pop()}/accept`,
        payload: { email: `joiner-${org.id}@example.com`, password: PASSWORD },
      });
      expect(accepted.statusCode).toBe(200);
      const joined = await received("member.joined");
      expect(joined.data).toMatchObject({ userId: accepted.json().user.id, role: "nanoReadOnly" });
      expect(JSON.stringify(joined)).not.toContain(PASSWORD);

      const member = await buildUser(s, org, "nanoUser", { login: false });
      expect(
        (await call(s, org, "PUT", "/api/user/permission", { userId: member.id, role: "nanoReadOnly" })).statusCode,
      ).toBe(200);
      expect((await received("member.role_changed")).data).toMatchObject({
        userId: member.id,
        previousRole: "nanoUser",
        role: "nanoReadOnly",
      });
      expect((await call(s, org, "DELETE", `/api/user/${member.id}`)).statusCode).toBe(200);
      expect((await received("member.removed")).data).toMatchObject({ userId: member.id });

      const rotated = await call(s, org, "POST", "/api/organisation/apikey/rotate");
      expect(rotated.statusCode).toBe(200);
      const key = rotated.json<{ apiKey: string }>().apiKey;
      const ev = await received("apikey.rotated");
      expect(ev.data).toMatchObject({ last4: key.slice(-4) });
      expect(JSON.stringify(ev)).not.toContain(key);
    });
  },
  ENV,
);
