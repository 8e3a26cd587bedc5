import { expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../../../contract/analytics.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, buildUser, type TestOrg } from "../../test/factories.js";

type Instance = Pick<TestServer, "services">;

/** The media server's callbacks and viewers' requests, as nginx would send them. */
function media(s: Instance) {
  return {
    publish: (name: string, client = "pub-1") =>
      s.services.ingest.decide(
        { call: "publish", name, app: "live", addr: "192.0.2.1", clientid: client },
        { node: "node-a:8080" },
      ),
    update: (name: string, client = "pub-1") =>
      s.services.ingest.decide(
        { call: "update_publish", name, app: "live", addr: "192.0.2.1", clientid: client },
        { node: "node-a:8080" },
      ),
    done: (name: string, client = "pub-1") =>
      s.services.ingest.decide(
        { call: "publish_done", name, app: "live", addr: "192.0.2.1", clientid: client },
        { node: "node-a:8080" },
      ),
    play: (id: string, addr: string, client: string) =>
      s.services.ingest.decide({ call: "play", name: id, app: "live", addr, clientid: client }),
    stopPlay: (id: string, addr: string, client: string) =>
      s.services.ingest.decide({ call: "play_done", name: id, app: "live", addr, clientid: client }),
    hls: (id: string, ip: string) =>
      s.services.ingest.authorizePlayback({ uri: `/hls/${id}/index.m3u8`, ip, referer: null }),
  };
}

const minuteOf = (s: TestServer) => Math.floor(s.clock.now() / MINUTE_MS) * MINUTE_MS;

describeEachDatabase("usage analytics", (server) => {
  const get = (s: TestServer, org: TestOrg, query: string, headers: Record<string, string> = {}) =>
    s.request({ method: "GET", url: `/api/analytics/usage${query}`, headers: { ...org.admin.headers, ...headers } });

  /** Moves to the start of a fresh minute, a few seconds in. */
  function nextMinute(s: TestServer) {
    s.clock.set(minuteOf(s) + MINUTE_MS + 5_000);
  }

  /** Flushes what this instance holds (viewer tallies, HLS sightings) and samples the minute. */
  async function sample(s: Instance) {
    await s.services.ingest.flush();
    return s.services.analytics.collect();
  }

  it("refuses what each level does not include with 403 analytics_level naming the level needed, and answers the rest", async () => {
    const s = server();
    const basic = await buildOrg(s, { analyticsLevel: "basic" });
    const full = await buildOrg(s, { analyticsLevel: "full" });
    const premium = await buildOrg(s, { analyticsLevel: "premium" });
    const now = s.clock.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const refused = async (org: TestOrg, query: string, level: string, headers: Record<string, string> = {}) => {
      const res = await get(s, org, query, headers);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(403);
      expect(res.json().error.code).toBe("analytics_level");
      expect(res.json().error.message).toContain(`analyticsLevel: ${level}`);
    };
    const allowed = async (org: TestOrg, query: string) => {
      const res = await get(s, org, query);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      return res.json();
    };

    // basic: daily totals of the organisation, 7 days.
    const b = await allowed(basic, "");
    expect(b).toMatchObject({ level: "basic", granularity: "day" });
    expect(b.series).toHaveLength(8); // 7 days back, rounded down to the day, to now
    await allowed(basic, `?granularity=day&from=${iso(now - 6 * DAY_MS)}`);
    await refused(basic, "?granularity=hour", "full");
    await refused(basic, "?groupBy=stream", "full");
    await refused(basic, "?groupBy=tag&granularity=day", "full");
    await refused(basic, `?tag=x`, "full");
    await refused(basic, "?granularity=minute", "premium");
    await refused(basic, `?from=${iso(now - 30 * DAY_MS)}`, "full");
    await refused(basic, "", "premium", { accept: "text/csv" });

    // full: hourly and daily, per stream and tag, 90 days.
    expect((await allowed(full, "")).granularity).toBe("hour");
    await allowed(full, `?granularity=day&groupBy=tag&from=${iso(now - 89 * DAY_MS)}`);
    expect((await allowed(full, "?groupBy=stream")).groups).toEqual([]);
    await refused(full, "?granularity=minute", "premium");
    await refused(full, `?granularity=day&from=${iso(now - 120 * DAY_MS)}`, "premium");
    await refused(full, "", "premium", { accept: "text/csv" });

    // premium: minutes for 48 h, 13 months, CSV.
    const m = await allowed(premium, `?granularity=minute&from=${iso(now - HOUR_MS)}`);
    expect(m.series).toHaveLength(60);
    await allowed(premium, `?granularity=day&from=${iso(now - 390 * DAY_MS)}`);
    const csv = await get(s, premium, "?granularity=hour", { accept: "text/csv" });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);

    // Beyond every level: 400, not 403.
    const tooOld = await get(s, premium, `?granularity=minute&from=${iso(now - 3 * DAY_MS)}`);
    expect(tooOld.statusCode).toBe(400);
    expect(tooOld.json().error.message).toMatch(/^from: minute usage reaches back 48 hours/);
    expect((await get(s, premium, `?granularity=day&from=${iso(now - 500 * DAY_MS)}`)).statusCode).toBe(400);

    // Every built-in role holds Analytics.Get.
    for (const role of ["nanoUser", "nanoReadOnly"]) {
      const member = await buildUser(s, full, role);
      const res = await s.request({ method: "GET", url: "/api/analytics/live", headers: member.headers });
      expect(res.statusCode, role).toBe(200);
    }
  });

  it("names bad fields with 400 and reads another organisation's stream or tag as missing", async () => {
    const s = server();
    const org = await buildOrg(s, { analyticsLevel: "full" });
    const other = await buildOrg(s);
    const theirs = await s.services.streams.createStreamForOrg(other, { tags: ["theirs"] });
    const bad = async (query: string, field: string) => {
      const res = await get(s, org, query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(field);
    };
    await bad("?colour=red", "colour");
    await bad("?granularity=week", "granularity");
    await bad("?groupBy=node", "groupBy");
    await bad("?from=yesterday", "from");
    await bad("?from=2026-01-15T00:00:00Z&to=2026-01-14T00:00:00Z", "from");
    await bad("?stream=not-a-uuid", "stream");
    await bad(`?groupBy=tag&tag=x`, "groupBy");
    expect((await get(s, org, `?stream=${theirs.id}`)).statusCode).toBe(404);
    expect((await get(s, org, "?tag=theirs")).statusCode).toBe(404);
    const mine = await s.services.streams.createStreamForOrg(org, { tags: ["mine"] });
    expect((await get(s, org, `?stream=${mine.id}`)).statusCode).toBe(200);
    expect((await get(s, org, "?tag=mine")).statusCode).toBe(200);
  });

  it("counts published and viewer minutes, peak and distinct viewers per minute, hour, day, stream and tag, zero-filled, and as CSV", async () => {
    const s = server();
    const org = await buildOrg(s, { analyticsLevel: "premium" });
    const m = media(s);
    nextMinute(s);
    const start = minuteOf(s);
    const st = await s.services.streams.createStreamForOrg(org, { tags: ["sports", "eu"] });
    const idle = await s.services.streams.createStreamForOrg(org, { tags: ["sports"] });
    expect((await m.publish(st.name)).allow).toBe(true);
    // Minute 0: published, nobody watching.
    expect(await sample(s)).toBe(true);
    // Minute 1: an RTMP player and an HLS viewer.
    nextMinute(s);
    await m.update(st.name);
    expect((await m.play(st.id, "198.51.100.7", "p1")).allow).toBe(true);
    expect((await m.hls(st.id, "203.0.113.9")).allow).toBe(true);
    await sample(s);
    // Minute 2: the RTMP player left, the HLS viewer stays.
    nextMinute(s);
    await m.update(st.name);
    await m.stopPlay(st.id, "198.51.100.7", "p1");
    await m.hls(st.id, "203.0.113.9");
    await sample(s);
    // A second sample of the same minute writes nothing.
    expect(await sample(s)).toBe(false);
    // Minutes 3 and 4: ended, nothing; minute 5 live again.
    await m.done(st.name);
    nextMinute(s);
    await sample(s);
    nextMinute(s);
    nextMinute(s);
    await m.publish(st.name, "pub-2");
    await sample(s);
    await m.done(st.name, "pub-2");

    const iso = (ms: number) => new Date(ms).toISOString();
    const to = start + 7 * MINUTE_MS;
    const res = await get(s, org, `?granularity=minute&from=${iso(start)}&to=${iso(to)}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.series.map((p: { t: string }) => p.t)).toEqual(
      Array.from({ length: 7 }, (_, i) => iso(start + i * MINUTE_MS)),
    );
    expect(body.series.map((p: { publishedMinutes: number }) => p.publishedMinutes)).toEqual([1, 1, 1, 0, 0, 1, 0]);
    expect(body.series.map((p: { viewerMinutes: number }) => p.viewerMinutes)).toEqual([0, 2, 1, 0, 0, 0, 0]);
    expect(body.series.map((p: { peakViewers: number }) => p.peakViewers)).toEqual([0, 2, 1, 0, 0, 0, 0]);
    expect(body.totals).toMatchObject({ publishedMinutes: 4, viewerMinutes: 3, peakViewers: 2 });

    // Hour and day rows: the same minutes, two distinct viewers.
    const hour = Math.floor(start / HOUR_MS) * HOUR_MS;
    const h = (await get(s, org, `?granularity=hour&from=${iso(hour)}&to=${iso(hour + 2 * HOUR_MS)}`)).json();
    const minutesRolledUp = h.series.reduce((a: number, p: { publishedMinutes: number }) => a + p.publishedMinutes, 0);
    expect(minutesRolledUp).toBe(4);
    expect(h.totals).toMatchObject({ publishedMinutes: 4, viewerMinutes: 3, peakViewers: 2, viewers: 2 });
    const d = (await get(s, org, `?granularity=day&from=${iso(start)}&to=${iso(start + HOUR_MS)}`)).json();
    expect(d.series).toHaveLength(1);
    expect(d.series[0]).toMatchObject({ t: iso(Math.floor(start / DAY_MS) * DAY_MS), publishedMinutes: 4, viewers: 2 });

    // Per stream and per tag.
    const byStream = (await get(s, org, `?groupBy=stream&from=${iso(hour)}`)).json();
    expect(byStream.groups).toEqual([
      {
        key: st.id,
        name: st.name,
        totals: { publishedMinutes: 4, viewerMinutes: 3, peakViewers: 2, viewers: 2, bytesOut: 0 },
      },
    ]);
    const byTag = (await get(s, org, `?groupBy=tag&from=${iso(hour)}`)).json();
    expect(byTag.groups.map((g: { key: string }) => g.key).sort()).toEqual(["eu", "sports"]);
    const one = (await get(s, org, `?stream=${st.id}&granularity=hour&from=${iso(hour)}`)).json();
    expect(one.totals).toMatchObject({ publishedMinutes: 4, viewerMinutes: 3 });
    const quiet = (await get(s, org, `?stream=${idle.id}&granularity=hour&from=${iso(hour)}`)).json();
    expect(quiet.totals).toMatchObject({ publishedMinutes: 0, viewerMinutes: 0 });
    expect(quiet.series.every((p: { publishedMinutes: number }) => p.publishedMinutes === 0)).toBe(true);

    // CSV: a header and one line per bucket, the same numbers.
    const csv = await get(s, org, `?granularity=minute&from=${iso(start)}&to=${iso(to)}`, { accept: "text/csv" });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-disposition"]).toContain("attachment");
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe("t,publishedMinutes,viewerMinutes,peakViewers,viewers,bytesOut");
    expect(lines).toHaveLength(8);
    expect(lines[2]).toBe(`${iso(start + MINUTE_MS)},1,2,2,2,0`);
    expect(lines[4]).toBe(`${iso(start + 3 * MINUTE_MS)},0,0,0,0,0`);
  });

  it("live: streams, viewers, nodes and the most watched, of the caller's organisation only", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    const m = media(s);
    const a = await s.services.streams.createStreamForOrg(org, {});
    const b = await s.services.streams.createStreamForOrg(org, {});
    const c = await s.services.streams.createStreamForOrg(other, {});
    for (const st of [a, b, c]) await m.publish(st.name);
    await m.play(b.id, "198.51.100.1", "x1");
    await m.play(b.id, "198.51.100.2", "x2");
    await m.hls(a.id, "198.51.100.3");
    await s.services.ingest.flush();
    const res = await s.request({ method: "GET", url: "/api/analytics/live", headers: org.admin.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      liveStreams: 2,
      viewers: 3,
      byNode: [{ node: "node-a:8080", liveStreams: 2, viewers: 3 }],
      top: [
        { streamId: b.id, name: b.name, viewers: 2 },
        { streamId: a.id, name: a.name, viewers: 1 },
      ],
    });
    for (const st of [a, b, c]) await m.done(st.name);
  });

  it("two instances on one database count a stream's minutes and viewers once", async () => {
    const s = server();
    const peer = await s.startPeer();
    const org = await buildOrg(s);
    nextMinute(s);
    const start = minuteOf(s);
    const st = await s.services.streams.createStreamForOrg(org, {});
    await media(s).publish(st.name);
    for (let i = 0; i < 3; i++) {
      if (i > 0) nextMinute(s);
      await media(peer).update(st.name);
      // The same HLS viewer's requests reach both instances (a load balancer), and both sample.
      await media(s).hls(st.id, "203.0.113.50");
      await media(peer).hls(st.id, "203.0.113.50");
      const wrote = [await sample(s), await sample(peer)];
      expect(wrote.filter(Boolean)).toHaveLength(1);
    }
    await media(s).done(st.name);
    const iso = (ms: number) => new Date(ms).toISOString();
    const res = await get(
      s,
      org,
      `?stream=${st.id}&granularity=minute&from=${iso(start)}&to=${iso(start + 3 * MINUTE_MS)}`,
    );
    expect(res.json().totals).toMatchObject({ publishedMinutes: 3, viewerMinutes: 3, peakViewers: 1 });
    const hour = Math.floor(start / HOUR_MS) * HOUR_MS;
    const h = await get(s, org, `?granularity=hour&from=${iso(hour)}&to=${iso(hour + 2 * HOUR_MS)}`);
    expect(h.json().totals).toMatchObject({ publishedMinutes: 3, viewerMinutes: 3, viewers: 1 });
  });

  it("the retention sweep removes rows past each level's reach and keeps the rest", async () => {
    const s = server();
    const full = await buildOrg(s, { analyticsLevel: "full" });
    const premium = await buildOrg(s, { analyticsLevel: "premium" });
    const m = media(s);
    const base = s.clock.now();
    const streams = [
      await s.services.streams.createStreamForOrg(full, {}),
      await s.services.streams.createStreamForOrg(premium, {}),
    ];
    // A minute of usage 100 days ago and one 3 days ago, for both organisations.
    for (const ago of [100 * DAY_MS, 3 * DAY_MS]) {
      s.clock.set(base - ago);
      for (const st of streams) await m.publish(st.name);
      await sample(s);
      for (const st of streams) await m.done(st.name);
    }
    s.clock.set(base + 10 * MINUTE_MS);
    const count = async (table: "usage_minutes" | "usage_hours" | "usage_days", orgId: string) =>
      (await s.database.db.selectFrom(table).select("t").where("org_id", "=", orgId).where("scope", "=", "o").execute())
        .length;
    expect(await count("usage_days", full.id)).toBe(2);
    expect(await count("usage_minutes", premium.id)).toBe(2);
    await s.services.analytics.sweep();
    // Full keeps 90 days; premium 13 months; minute rows 48 hours for everyone.
    expect(await count("usage_days", full.id)).toBe(1);
    expect(await count("usage_hours", full.id)).toBe(1);
    expect(await count("usage_days", premium.id)).toBe(2);
    expect(await count("usage_hours", premium.id)).toBe(2);
    expect(await count("usage_minutes", premium.id)).toBe(0);
    // What is left still answers.
    const res = await get(s, premium, `?granularity=day&from=${new Date(base - 101 * DAY_MS).toISOString()}`);
    expect(res.json().totals.publishedMinutes).toBe(2);
  });
});
