import { expect, it, vi } from "vitest";
import { SILENT } from "../../platform/deps.js";
import { buildOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { createThumbnailScheduler, MAX_BACKOFF_MS, retryDelay } from "./scheduler.js";
import { claimLease } from "./thumbnails.repo.js";

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x02, 0xff, 0xd9]);
/** Enough of a JPEG for the scheduler's check: SOI and a baseline frame header of 64×36. */
const FRAME = Buffer.from([
  0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x24, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9,
]);

async function storePicture(s: TestServer, stream: { id: string }, orgId: string, etag = '"pic-1"') {
  await s.database.db
    .insertInto("stream_thumbnails")
    .values({
      stream_id: stream.id,
      org_id: orgId,
      jpeg: JPEG,
      etag,
      taken_at: s.clock.now(),
      width: 640,
      height: 360,
      lease_until: 0,
    })
    .execute();
}

describeEachDatabase("stream thumbnails: the route, thumbnailUrl and the capture lease", (server) => {
  it("answers the JPEG with a strong ETag and the interval as max-age, 304 for a matching If-None-Match", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
    const url = `/api/stream/${st.id}/thumbnail`;
    const before = await s.request({ method: "GET", url, headers: org.admin.headers });
    expect(before.statusCode).toBe(404);
    expect(before.json().error.code).toBe("no_thumbnail");
    expect(before.headers["cache-control"]).toBe("no-store");

    await storePicture(s, st, org.id);
    const got = await s.request({ method: "GET", url, headers: org.admin.headers });
    expect(got.statusCode).toBe(200);
    expect(got.headers["content-type"]).toBe("image/jpeg");
    expect(got.headers.etag).toBe('"pic-1"');
    expect(got.headers["cache-control"]).toBe("private, max-age=10");
    expect(got.rawPayload.equals(JPEG)).toBe(true);
    for (const inm of ['"pic-1"', 'W/"pic-1"', '"other", "pic-1"', "*"]) {
      const again = await s.request({ method: "GET", url, headers: { ...org.admin.headers, "if-none-match": inm } });
      expect(again.statusCode, inm).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers.etag).toBe('"pic-1"');
    }
    const changed = await s.request({
      method: "GET",
      url,
      headers: { ...org.admin.headers, "if-none-match": '"old"' },
    });
    expect(changed.statusCode).toBe(200);
  });

  it("is 403 package_required without the thumbnail feature, and 404 for another organisation's stream", async () => {
    const s = server();
    const bare = await buildOrg(s, { packages: ["h5live"] });
    const st = await s.services.streams.createStreamForOrg(bare, { tags: [] });
    await storePicture(s, st, bare.id);
    const refused = await s.request({
      method: "GET",
      url: `/api/stream/${st.id}/thumbnail`,
      headers: bare.admin.headers,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("package_required");
    expect(refused.json().error.message).toMatch(/Thumbnail/i);

    const other = await buildOrg(s, { packages: ["liveProcessing"] });
    const foreign = await s.request({
      method: "GET",
      url: `/api/stream/${st.id}/thumbnail`,
      headers: other.admin.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("not_found");
  });

  it("puts thumbnailUrl in stream answers only with the feature and a picture, in one list", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const [a, b] = [
      await s.services.streams.createStreamForOrg(org, { tags: [] }),
      await s.services.streams.createStreamForOrg(org, { tags: [] }),
    ];
    await storePicture(s, a!, org.id);
    const one = await s.request({ method: "GET", url: `/api/stream/${a!.id}`, headers: org.admin.headers });
    expect(one.json().thumbnailUrl).toBe(`/api/stream/${a!.id}/thumbnail`);
    const list = await s.request({ method: "GET", url: "/api/stream", headers: org.admin.headers });
    const byId = new Map(list.json().streams.map((x: { id: string }) => [x.id, x]));
    expect((byId.get(a!.id) as { thumbnailUrl?: string }).thumbnailUrl).toBe(`/api/stream/${a!.id}/thumbnail`);
    expect(byId.get(b!.id)).not.toHaveProperty("thumbnailUrl");

    const bare = await buildOrg(s, { packages: [] });
    const c = await s.services.streams.createStreamForOrg(bare, { tags: [] });
    await storePicture(s, c, bare.id);
    const without = await s.request({ method: "GET", url: `/api/stream/${c.id}`, headers: bare.admin.headers });
    expect(without.json()).not.toHaveProperty("thumbnailUrl");
  });

  it("lets exactly one of several racing claims take a stream's lease, and another once it has run out", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
    const now = s.clock.now();
    const who = ["a", "b", "c", "d", "e", "f"];
    const won = await Promise.all(
      who.map((owner) => claimLease(s.database.db, { streamId: st.id, orgId: org.id }, owner, now, now + 5000, 60_000)),
    );
    expect(won.filter(Boolean)).toEqual([{ failures: 0 }]);
    const claim = (owner: string, at: number) =>
      claimLease(s.database.db, { streamId: st.id, orgId: org.id }, owner, at, at + 4000, 60_000);
    expect(await claim("late", now + 4999)).toBeNull();
    expect(await claim("next", now + 5000)).toEqual({ failures: 0 });
    // A failure streak goes on while retries come when due, and starts afresh after a long pause.
    const failed = (at: number) =>
      s.database.db
        .updateTable("stream_thumbnails")
        .set({ failures: 5, lease_until: at, lease_owner: null })
        .where("stream_id", "=", st.id)
        .execute();
    await failed(now + 10_000);
    expect(await claim("retry", now + 10_000)).toEqual({ failures: 5 });
    await failed(now + 20_000);
    expect(await claim("much later", now + 20_000 + 60_001)).toEqual({ failures: 0 });
  });

  it("waits twice as long after each failed capture, starts afresh after a success or a long pause", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
    await s.database.db.updateTable("streams").set({ state: "live" }).where("id", "=", st.id).execute();
    let fail = true;
    let captures = 0;
    const interval = 1_000; // a pass every 250 ms
    const scheduler = createThumbnailScheduler({
      db: s.database.db,
      clock: s.clock,
      log: SILENT,
      intervalMs: interval,
      concurrency: 1,
      capture: async () => {
        captures++;
        if (fail) throw new Error("playout unreachable");
        return FRAME;
      },
    });
    const row = () =>
      s.database.db
        .selectFrom("stream_thumbnails")
        .select(["failures", "lease_until", "etag"])
        .where("stream_id", "=", st.id)
        .executeTakeFirstOrThrow();
    scheduler.start();
    try {
      for (const expected of [1, 2, 3, 4]) {
        const before = s.clock.now();
        await vi.waitFor(async () => expect(Number((await row()).failures)).toBe(expected), { timeout: 10_000 });
        // The next try is one interval after the first failure, then 2, 4, 8 intervals.
        expect(Number((await row()).lease_until) - before).toBe(retryDelay(interval, expected));
        expect(captures).toBe(expected);
        s.clock.advance(retryDelay(interval, expected) - 1);
        await new Promise((r) => setTimeout(r, 600)); // two passes find nothing due yet
        expect(captures).toBe(expected);
        s.clock.advance(1);
      }
      fail = false;
      await vi.waitFor(async () => expect((await row()).etag).not.toBeNull(), { timeout: 10_000 });
      expect(Number((await row()).failures)).toBe(0);
    } finally {
      await scheduler.stop();
    }
    expect(retryDelay(interval, 40)).toBe(MAX_BACKOFF_MS);
  });

  it("takes no captures on an instance with ORGDECK_THUMBNAIL_CONCURRENCY=0", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
    await s.database.db.updateTable("streams").set({ state: "live" }).where("id", "=", st.id).execute();
    let captures = 0;
    const scheduler = createThumbnailScheduler({
      db: s.database.db,
      clock: s.clock,
      log: SILENT,
      intervalMs: 1_000,
      concurrency: 0,
      capture: async () => {
        captures++;
        return JPEG;
      },
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 800));
    await scheduler.stop();
    expect(captures).toBe(0);
    const rows = await s.database.db
      .selectFrom("stream_thumbnails")
      .select("stream_id")
      .where("stream_id", "=", st.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it("removes a deleted stream's picture, and the route reads it as missing", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["liveProcessing.thumbnail"] });
    const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
    await storePicture(s, st, org.id);
    expect(
      (await s.request({ method: "DELETE", url: `/api/stream/${st.id}`, headers: org.admin.headers })).statusCode,
    ).toBe(200);
    const gone = await s.request({ method: "GET", url: `/api/stream/${st.id}/thumbnail`, headers: org.admin.headers });
    expect(gone.statusCode).toBe(404);
    s.services.thumbnails.start();
    try {
      const rows = async () =>
        s.database.db.selectFrom("stream_thumbnails").select("stream_id").where("stream_id", "=", st.id).execute();
      for (let i = 0; i < 40 && (await rows()).length > 0; i++) await new Promise((r) => setTimeout(r, 250));
      expect(await rows()).toHaveLength(0);
    } finally {
      await s.services.thumbnails.stop();
    }
  });
});
