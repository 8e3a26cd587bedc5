// Property test: random sequences of create / set tags / rename tag / delete tag / delete stream /
// state changes, run several at a time. Afterwards every maintained count (the tag table with its
// per-state numbers, the organisation's counters) must equal a recount from the base tables, and the
// list answers must agree with it.
import fc from "fast-check";
import { expect, it } from "vitest";
import { readCounters } from "../../platform/counters.repo.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";

const TAGS = ["alpha", "Alpha", "beta", "gamma", "δέλτα", "e"];
const STATES = ["created", "live", "ended", "locked", "deleted"];

type Command =
  | { op: "create"; tags: string[] }
  | { op: "setTags"; i: number; tags: string[] }
  | { op: "rename"; from: string; to: string }
  | { op: "deleteTag"; tag: string }
  | { op: "deleteStream"; i: number }
  | { op: "transition"; i: number; to: "stop" | "lock" | "unlock" | "publish" | "publish_done" };

const tags = fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 });
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: tags.map((t) => ({ op: "create" as const, tags: t })) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("setTags" as const), i: fc.nat(), tags }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("rename" as const),
      from: fc.constantFrom(...TAGS),
      to: fc.constantFrom(...TAGS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteTag" as const), tag: fc.constantFrom(...TAGS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("deleteStream" as const), i: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("transition" as const),
      i: fc.nat(),
      to: fc.constantFrom(
        "stop" as const,
        "lock" as const,
        "unlock" as const,
        "publish" as const,
        "publish_done" as const,
      ),
    }),
  },
);

async function apply(
  s: TestServer,
  org: TestOrg,
  streams: Array<{ id: string; name: string }>,
  c: Command,
): Promise<void> {
  const h = org.admin.headers;
  const pick = (i: number) => streams[i % Math.max(streams.length, 1)];
  switch (c.op) {
    case "create": {
      const res = await s.request({ method: "POST", url: "/api/stream", headers: h, payload: { tags: c.tags } });
      expect(res.statusCode).toBe(201);
      streams.push(res.json());
      return;
    }
    case "setTags": {
      const st = pick(c.i);
      if (st)
        expect([200, 404]).toContain(
          (await s.request({ method: "PUT", url: `/api/stream/${st.id}/tag`, headers: h, payload: { tags: c.tags } }))
            .statusCode,
        );
      return;
    }
    case "rename":
      expect([200, 404]).toContain(
        (
          await s.request({
            method: "PUT",
            url: `/api/tag/${encodeURIComponent(c.from)}`,
            headers: h,
            payload: { name: c.to },
          })
        ).statusCode,
      );
      return;
    case "deleteTag":
      expect([200, 404]).toContain(
        (await s.request({ method: "DELETE", url: `/api/tag/${encodeURIComponent(c.tag)}`, headers: h })).statusCode,
      );
      return;
    case "deleteStream": {
      const st = pick(c.i);
      if (st)
        expect([200, 404]).toContain(
          (await s.request({ method: "DELETE", url: `/api/stream/${st.id}`, headers: h })).statusCode,
        );
      return;
    }
    case "transition": {
      const st = pick(c.i);
      if (!st) return;
      if (c.to === "publish" || c.to === "publish_done") {
        await s.services.ingest.decide({ call: c.to, name: st.name, app: "live", addr: "192.0.2.1" });
        return;
      }
      expect([200, 404, 409]).toContain(
        (await s.request({ method: "POST", url: `/api/stream/${st.id}/${c.to}`, headers: h })).statusCode,
      );
      return;
    }
  }
}

/** Recounts everything from `streams` and `stream_tags` and compares with the maintained numbers. */
async function expectCountsExact(s: TestServer, org: TestOrg): Promise<void> {
  const db = s.database.db;
  const streams = await db.selectFrom("streams").select(["id", "state"]).where("org_id", "=", org.id).execute();
  const stateOf = new Map(streams.map((r) => [r.id, r.state]));
  const links = await db
    .selectFrom("stream_tags")
    .select(["stream_id", "tag", "state"])
    .where("org_id", "=", org.id)
    .execute();
  const perTag = new Map<string, Record<string, number>>();
  for (const l of links) {
    expect(l.state, "stream_tags carries its stream's state").toBe(stateOf.get(l.stream_id));
    const t = perTag.get(l.tag) ?? { created: 0, live: 0, ended: 0, locked: 0, deleted: 0 };
    t[l.state]!++;
    perTag.set(l.tag, t);
  }
  for (const [tag, n] of perTag) expect(n.deleted, `deleted streams carry no tag (${tag})`).toBe(0);

  const rows = await db.selectFrom("tags").selectAll().where("org_id", "=", org.id).execute();
  for (const r of rows) {
    const want = perTag.get(r.name) ?? { created: 0, live: 0, ended: 0, locked: 0 };
    expect({
      tag: r.name,
      created: r.n_created,
      live: r.n_live,
      ended: r.n_ended,
      locked: r.n_locked,
      streams: r.streams,
    }).toEqual({
      tag: r.name,
      created: want.created,
      live: want.live,
      ended: want.ended,
      locked: want.locked,
      streams: want.created! + want.live! + want.ended! + want.locked!,
    });
    expect(r.name_lower).toBe(r.name.toLowerCase());
  }
  for (const tag of perTag.keys())
    expect(
      rows.map((r) => r.name),
      `tag row for ${tag}`,
    ).toContain(tag);

  const keys = ["streams", "tags", ...STATES.map((st) => `streams:${st}`)];
  const counters = await readCounters(db, org.id, keys);
  const byState = (st: string) => streams.filter((r) => r.state === st).length;
  expect(Object.fromEntries(counters)).toEqual({
    streams: streams.filter((r) => r.state !== "deleted").length,
    tags: perTag.size,
    ...Object.fromEntries(STATES.map((st) => [`streams:${st}`, byState(st)])),
  });

  // The API tells the same numbers.
  const tagList = (await s.request({ method: "GET", url: "/api/tag?limit=100", headers: org.admin.headers })).json();
  expect(tagList.total).toBe(perTag.size);
  for (const t of tagList.tags as Array<{ name: string; streams: number }>) {
    const n = perTag.get(t.name)!;
    expect(t.streams).toBe(n.created! + n.live! + n.ended! + n.locked!);
    const live = (
      await s.request({
        method: "GET",
        url: `/api/stream?tag=${encodeURIComponent(t.name)}&state=live&limit=1`,
        headers: org.admin.headers,
      })
    ).json();
    expect(live.total).toBe(n.live);
  }
  for (const st of STATES) {
    expect(
      (await s.request({ method: "GET", url: `/api/stream?state=${st}&limit=1`, headers: org.admin.headers })).json()
        .total,
    ).toBe(byState(st));
  }
}

describeEachDatabase("maintained counts", (server) => {
  it("equal a recount after random concurrent sequences of stream and tag changes", async () => {
    const s = server();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const org = await buildOrg(s);
        const streams: Array<{ id: string; name: string }> = [];
        // Creates first (the others need streams), then everything else eight at a time.
        for (const c of commands.filter((x) => x.op === "create")) await apply(s, org, streams, c);
        const rest = commands.filter((x) => x.op !== "create");
        for (let i = 0; i < rest.length; i += 8)
          await Promise.all(rest.slice(i, i + 8).map((c) => apply(s, org, streams, c)));
        await expectCountsExact(s, org);
      }),
      { numRuns: 12 },
    );
  });

  it("stay exact when the same stream and tags are changed by many requests at once", async () => {
    const s = server();
    const org = await buildOrg(s);
    const streams: Array<{ id: string; name: string }> = [];
    for (let i = 0; i < 6; i++) await apply(s, org, streams, { op: "create", tags: ["alpha", "beta"] });
    const burst: Command[] = [];
    for (let i = 0; i < 60; i++) {
      burst.push(
        i % 5 === 0
          ? { op: "rename", from: i % 2 ? "alpha" : "gamma", to: i % 2 ? "gamma" : "alpha" }
          : i % 7 === 0
            ? { op: "transition", i, to: "lock" }
            : i % 11 === 0
              ? { op: "transition", i, to: "unlock" }
              : { op: "setTags", i, tags: TAGS.filter((_, k) => (i + k) % 3 === 0) },
      );
    }
    await Promise.all(burst.map((c) => apply(s, org, streams, c)));
    await expectCountsExact(s, org);
  });
});
