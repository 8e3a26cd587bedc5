import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, expect, it } from "vitest";
import { LIVE_STREAMS_PER_USER } from "../../../contract/live-updates.js";
import { buildOrg, buildUser, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";

/**
 * GET /api/live-updates over real HTTP (server-sent events are a stream, not an answer): each test
 * reads the stream as the dashboard does, with fetch and the bintu token in a header.
 */
interface SseEvent {
  event: string;
  data: unknown;
}

interface Reader {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the first event (from the start) that matches; rejects after `ms`. */
  waitFor(match: (e: SseEvent) => boolean, ms?: number): Promise<SseEvent>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
}

const open: Reader[] = [];

async function connect(base: string, headers: Record<string, string>, query = ""): Promise<Reader> {
  const ac = new AbortController();
  const res = await fetch(`${base}/api/live-updates${query}`, { headers, signal: ac.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  let endedResolve!: () => void;
  const ended = new Promise<void>((r) => (endedResolve = r));
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buf = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let at: number;
          while ((at = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, at);
            buf = buf.slice(at + 2);
            let event = "message";
            let data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event: ")) event = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (data !== "") events.push({ event, data: JSON.parse(data) });
          }
          notify();
        }
      } catch {
        // aborted by the test
      }
      endedResolve();
      notify();
    })();
  } else {
    await res.text();
    endedResolve();
  }
  const r: Reader = {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    waitFor(match, ms = 4_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    close: () => ac.abort(),
  };
  open.push(r);
  if (res.ok) await r.waitFor((e) => e.event === "ready");
  return r;
}

const change = (kind: string, id?: string) => (e: SseEvent) =>
  e.event === "change" &&
  (e.data as { kind: string }).kind === kind &&
  (id === undefined || (e.data as { id: string | null }).id === id);
const ids = (r: Reader) => r.events.filter((e) => e.event === "change").map((e) => (e.data as { id: string }).id);

/**
 * fetch keeps a pool of sockets per origin and may leave one open that never carried a request; the
 * server cannot answer on it, so closing the app would wait for its timeout. Tests end them first.
 */
const sockets = new Set<Socket>();
async function listen(app: FastifyInstance): Promise<string> {
  app.server.on("connection", (socket: Socket) => sockets.add(socket));
  return app.listen({ port: 0, host: "127.0.0.1" });
}

async function createStream(s: Pick<TestServer, "request">, org: TestOrg): Promise<string> {
  const res = await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: {} });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describeEachDatabase("live updates (server-sent events)", (server) => {
  let base: string;
  let org: TestOrg;
  let other: TestOrg;
  // Registered after the harness's, so it runs before the server closes.
  afterAll(() => {
    for (const r of open.splice(0)) r.close();
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  });

  it("streams its own organisation's changes within a second, and never another organisation's", async () => {
    const s = server();
    base = await listen(s.app);
    org = await buildOrg(s);
    other = await buildOrg(s);
    const r = await connect(base, org.admin.headers);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.events[0]).toEqual({ event: "ready", data: { heartbeatMs: 15_000 } });

    const theirs = await createStream(s, other);
    const started = Date.now();
    const mine = await createStream(s, org);
    await r.waitFor(change("stream.created", mine));
    expect(Date.now() - started).toBeLessThan(2_000);

    // Live, stop and delete by another member of the organisation.
    await s.services.streams.goLive(
      { id: mine, org_id: org.id },
      { app: "live", node: null, addr: null, clientId: "1" },
    );
    await r.waitFor(change("stream.live", mine));
    const user = await buildUser(s, org, "nanoAdmin");
    const stop = await s.request({ method: "POST", url: `/api/stream/${mine}/stop`, headers: user.headers });
    expect(stop.statusCode).toBe(200);
    await r.waitFor(change("stream.ended", mine));
    // Viewers and live details: coalesced per stream.
    await s.services.streams.goLive(
      { id: mine, org_id: org.id },
      { app: "live", node: null, addr: null, clientId: "2" },
    );
    await s.services.streams.addViewers(mine, 1);
    await s.services.streams.addViewers(mine, 1);
    await r.waitFor(change("stream.viewers", mine));
    const del = await s.request({ method: "DELETE", url: `/api/stream/${mine}`, headers: user.headers });
    expect(del.statusCode).toBe(200);
    await r.waitFor(change("stream.deleted", mine));

    // Members and roles.
    const role = await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "watcher", label: "Watcher", permissions: { Organisation: ["Get"] } },
    });
    expect(role.statusCode).toBe(201);
    await r.waitFor(change("role.created"));
    const removed = await s.request({ method: "DELETE", url: `/api/user/${user.id}`, headers: org.admin.headers });
    expect(removed.statusCode).toBe(200);
    await r.waitFor(change("member.removed", user.id));

    // The other organisation's stream, created first, never arrived; nor does anything of theirs later.
    await createStream(s, other);
    const last = await createStream(s, org);
    await r.waitFor(change("stream.created", last));
    expect(ids(r)).not.toContain(theirs);
    expect(r.events.filter((e) => e.event === "change").every((e) => typeof e.data === "object")).toBe(true);
    // Ids and kinds only: nothing else of what changed.
    for (const e of r.events)
      if (e.event === "change") expect(Object.keys(e.data as object).sort()).toEqual(["id", "kind"]);
    r.close();
  });

  it("sends a member only the changes their role may read, and follows a change of the role's permissions", async () => {
    const s = server();
    const created = await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "overview", label: "Overview only", permissions: { Organisation: ["Get"] } },
    });
    expect(created.statusCode).toBe(201);
    const member = await buildUser(s, org, "overview");
    const r = await connect(base, member.headers);
    const hidden = await createStream(s, org);
    // Something the role may read, written after the stream: once it arrives, the stream's change had its chance.
    const vod = await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: org.admin.headers,
      payload: { public: true },
    });
    expect(vod.statusCode).toBe(200);
    await r.waitFor(change("organisation.updated"));
    expect(r.events.filter((e) => e.event === "change").map((e) => (e.data as { kind: string }).kind)).toEqual([
      "organisation.updated",
    ]);
    expect(ids(r)).not.toContain(hidden);

    // The role gains stream reading: the open stream carries stream changes from then on.
    const grant = await s.request({
      method: "PUT",
      url: "/api/permission/overview",
      headers: org.admin.headers,
      payload: { label: "Overview and streams", permissions: { Organisation: ["Get"], Stream: ["GetStreams"] } },
    });
    expect(grant.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const shown = await createStream(s, org);
    await r.waitFor(change("stream.created", shown));
    r.close();
  });

  it("ends the stream when its token is revoked, and refuses it without a member's token", async () => {
    const s = server();
    const member = await buildUser(s, org, "nanoReadOnly");
    const r = await connect(base, member.headers);
    const out = await s.request({ method: "POST", url: "/api/user/logout", headers: member.headers });
    expect(out.statusCode).toBe(200);
    await r.waitFor((e) => e.event === "closed", 4_000);
    expect(r.events.at(-1)).toEqual({ event: "closed", data: { reason: "credential" } });
    await r.ended;
    expect((await connect(base, member.headers)).status).toBe(401);

    // Another member's tokens reset by an admin: their stream ends too.
    const other = await buildUser(s, org, "nanoUser");
    const r2 = await connect(base, other.headers);
    const reset = await s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: org.admin.headers,
      payload: { userId: other.id },
    });
    expect(reset.statusCode).toBe(200);
    await r2.waitFor((e) => e.event === "closed");
    await r2.ended;

    expect((await connect(base, {})).status).toBe(401);
    expect((await connect(base, { "x-bintu-apikey": org.apiKey })).status).toBe(403);
    expect((await connect(base, org.admin.headers, "?maxAge=9999")).status).toBe(400);
  });

  it("ends a stream whose token expires, and one at its maxAge", async () => {
    const s = server();
    const member = await buildUser(s, org, "nanoReadOnly");
    const r = await connect(base, member.headers);
    const short = await connect(base, member.headers, "?maxAge=0");
    await short.ended;
    expect(short.events.map((e) => e.event)).toEqual(["ready", "closed"]);
    expect(short.events[1]!.data).toEqual({ reason: "max_age" });
    s.clock.advance(25 * 60 * 60 * 1000); // past the token's 24 h lifetime
    try {
      await s.services.live.check();
      await r.waitFor((e) => e.event === "closed");
      await r.ended;
    } finally {
      s.clock.advance(-25 * 60 * 60 * 1000);
    }
  });

  it(`allows ${LIVE_STREAMS_PER_USER} open streams per member and refuses one more with 429`, async () => {
    const s = server();
    const member = await buildUser(s, org, "nanoReadOnly");
    const readers = [];
    for (let i = 0; i < LIVE_STREAMS_PER_USER; i++) readers.push(await connect(base, member.headers));
    const refused = await fetch(`${base}/api/live-updates`, { headers: member.headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect((await refused.json()).error.code).toBe("rate_limited");
    // Another member is not affected; a closed stream frees its place.
    expect((await connect(base, org.admin.headers)).status).toBe(200);
    readers[0]!.close();
    await expect.poll(async () => (await connect(base, member.headers)).status, { timeout: 3_000 }).toBe(200);
    for (const r of readers) r.close();
  });

  it("reaches a client of another instance on the same database", async () => {
    const s = server();
    const peer = await s.startPeer();
    const peerBase = await listen(peer.app);
    const r = await connect(peerBase, org.admin.headers);
    // Made on this instance, heard on the peer.
    const id = await createStream(s, org);
    await r.waitFor(change("stream.created", id));
    const stop = await s.services.streams.goLive(
      { id, org_id: org.id },
      { app: "live", node: null, addr: null, clientId: "3" },
    );
    expect(stop).toBe(true);
    await r.waitFor(change("stream.live", id));
    // Several changes committed at once from both instances all arrive, each once.
    const made = await Promise.all([
      createStream(s, org),
      createStream(peer, org),
      createStream(s, org),
      createStream(peer, org),
    ]);
    for (const m of made) await r.waitFor(change("stream.created", m));
    for (const m of made) expect(ids(r).filter((x) => x === m)).toHaveLength(1);
    // The peer shuts down: its streams are told so and ended.
    await peer.close();
    await r.ended;
    expect(r.events.at(-1)).toEqual({ event: "closed", data: { reason: "shutdown" } });
  });
});
