import { expect, it } from "vitest";
import { STREAM_STATE_ORDER, STREAM_SORTS, type StreamResponse } from "../../../contract/stream.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, type TestOrg } from "../../test/factories.js";

type Row = Pick<StreamResponse, "id" | "name" | "state" | "createdAt" | "updatedAt">;

const byteCmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rank = (s: string) => (STREAM_STATE_ORDER as readonly string[]).indexOf(s);
const t = (iso: string) => Date.parse(iso);

/** The order the API promises for each sort, ascending; desc is its exact reverse. */
const ASC: Record<(typeof STREAM_SORTS)[number], (a: Row, b: Row) => number> = {
  created: (a, b) => t(a.createdAt) - t(b.createdAt) || byteCmp(a.id, b.id),
  updated: (a, b) => t(a.updatedAt) - t(b.updatedAt) || byteCmp(a.id, b.id),
  name: (a, b) => byteCmp(a.name, b.name),
  state: (a, b) => rank(a.state) - rank(b.state) || t(b.createdAt) - t(a.createdAt) || byteCmp(b.id, a.id),
};

/** Every page of a list through its `next` cursors. */
async function walk(s: TestServer, org: TestOrg, query: string, limit: number) {
  const rows: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let total = -1;
  do {
    const url: string = `/api/stream?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await s.request({ method: "GET", url, headers: org.admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ streams: Row[]; next: string | null; total: number }>();
    rows.push(...body.streams);
    total = body.total;
    cursor = body.next;
    if (++pages > 100) throw new Error("too many pages");
  } while (cursor);
  return { rows, total };
}

/**
 * An organisation with streams in every state, some created in the same millisecond (ties), some
 * retagged later (so updated differs from created), and a second organisation whose streams must never show.
 */
async function seed(s: TestServer) {
  const org = await buildOrg(s);
  const other = await buildOrg(s);
  const states = ["created", "live", "ended", "locked"];
  for (let i = 0; i < 37; i++) {
    if (i % 3 !== 0) s.clock.advance(1 + (i % 5));
    await s.services.streams.createStreamForOrg(org, { tags: i % 4 === 0 ? ["news"] : [], state: states[i % 4]! });
    await s.services.streams.createStreamForOrg(other, { tags: ["news"], state: states[i % 4]! });
  }
  const all = (await walk(s, org, "sort=created", 100)).rows;
  // Retag a few, later: their updatedAt moves on.
  for (const [i, st] of all.entries()) {
    if (i % 5 !== 0 || st.state === "deleted") continue;
    s.clock.advance(7);
    const res = await s.request({
      method: "PUT",
      url: `/api/stream/${st.id}/tag`,
      headers: org.admin.headers,
      payload: { tags: ["retagged"] },
    });
    expect(res.statusCode).toBe(200);
  }
  // One deleted stream, which no list shows.
  await s.request({ method: "DELETE", url: `/api/stream/${all[1]!.id}`, headers: org.admin.headers });
  const fresh = (await walk(s, org, "sort=created", 100)).rows;
  return { org, other, all: fresh };
}

describeEachDatabase("stream search and sort", (server) => {
  it("walks every sort in both directions with cursors: each stream exactly once, in order", async () => {
    const s = server();
    const { org, all } = await seed(s);
    expect(all).toHaveLength(36);
    for (const sort of STREAM_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const { rows, total } = await walk(s, org, `sort=${sort}&dir=${dir}`, 5);
        expect(total).toBe(36);
        expect(new Set(rows.map((r) => r.id)).size).toBe(36);
        const want = [...all].sort(ASC[sort]);
        if (dir === "desc") want.reverse();
        expect(
          rows.map((r) => r.name),
          `${sort} ${dir}`,
        ).toEqual(want.map((r) => r.name));
      }
    }
  });

  it("pages by offset in the same order as by cursor (page jumps)", async () => {
    const s = server();
    const { org } = await seed(s);
    for (const sort of STREAM_SORTS) {
      const { rows } = await walk(s, org, `sort=${sort}&dir=desc`, 100);
      const page3 = await s.request({
        method: "GET",
        url: `/api/stream?sort=${sort}&dir=desc&limit=7&offset=14`,
        headers: org.admin.headers,
      });
      expect(page3.json<{ streams: Row[] }>().streams.map((r) => r.id)).toEqual(rows.slice(14, 21).map((r) => r.id));
    }
  });

  it("finds streams by name prefix (with or without the organisation's hash) and by substring, paged", async () => {
    const s = server();
    const { org, other, all } = await seed(s);
    const target = all[9]!;
    const tail = target.name.slice(org.hash.length + 1);
    for (const q of [target.name, target.name.slice(0, -1), tail.slice(0, 3)]) {
      const { rows, total } = await walk(s, org, `q=${encodeURIComponent(q)}&sort=name`, 2);
      const want = all
        .filter((r) => r.name.startsWith(q) || r.name.startsWith(`${org.hash}-${q}`))
        .sort(ASC.name)
        .map((r) => r.name);
      expect(rows.map((r) => r.name)).toEqual(want);
      expect(total).toBe(want.length);
      expect(want).toContain(target.name);
    }
    // The whole organisation by its hash; never another organisation's streams, even by their hash.
    expect((await walk(s, org, `q=${org.hash}&sort=updated`, 10)).rows).toHaveLength(36);
    const foreign = await walk(s, org, `q=${other.hash}`, 10);
    expect(foreign.rows).toHaveLength(0);
    expect(foreign.total).toBe(0);
    // Substring, any case, in every sort.
    const mid = tail.slice(1, 3).toLowerCase();
    const want = all.filter((r) => r.name.toLowerCase().includes(mid));
    for (const sort of STREAM_SORTS) {
      // Each sort in both directions: without `dir`, times run newest first (a match of two or more
      // streams told the directions apart).
      for (const dir of ["asc", "desc"] as const) {
        const query = `q=${encodeURIComponent(mid)}&match=contains&sort=${sort}&dir=${dir}`;
        const { rows, total } = await walk(s, org, query, 3);
        expect(total).toBe(want.length);
        const sorted = [...want].sort(ASC[sort]).map((r) => r.name);
        expect(
          rows.map((r) => r.name),
          `${sort} ${dir}`,
        ).toEqual(dir === "asc" ? sorted : sorted.reverse());
      }
    }
    // Wildcards are plain characters.
    expect((await walk(s, org, `q=${encodeURIComponent("%")}&match=contains`, 10)).rows).toHaveLength(0);
    expect((await walk(s, org, `q=_&match=contains`, 10)).rows).toHaveLength(0);
  });

  it("combines search and sort with the tag and state filters", async () => {
    const s = server();
    const { org, all } = await seed(s);
    const news = await walk(s, org, "tag=news&sort=name&dir=desc", 3);
    expect(news.rows.length).toBeGreaterThan(0);
    expect(news.rows.map((r) => r.name)).toEqual(
      news.rows
        .map((r) => r.name)
        .sort(byteCmp)
        .reverse(),
    );
    const live = await walk(s, org, "state=live&sort=updated", 4);
    expect(live.rows.map((r) => r.id).sort()).toEqual(
      all
        .filter((r) => r.state === "live")
        .map((r) => r.id)
        .sort(),
    );
    expect(live.total).toBe(live.rows.length);
    const createdAsc = await walk(s, org, "tag=news&dir=asc", 2);
    expect(createdAsc.rows.map((r) => r.id)).toEqual([...news.rows].sort(ASC.created).map((r) => r.id));
  });

  it("refuses bad sort, dir, match and search values with a 400 naming them, and cursors of another sort", async () => {
    const s = server();
    const { org } = await seed(s);
    for (const [query, name] of [
      ["sort=size", "sort"],
      ["dir=up", "dir"],
      ["match=regex&q=a", "match"],
      [`q=${"x".repeat(65)}`, "q"],
      ["q=", "q"],
    ] as const) {
      const res = await s.request({ method: "GET", url: `/api/stream?${query}`, headers: org.admin.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message).toContain(name);
    }
    const first = await s.request({ method: "GET", url: "/api/stream?sort=name&limit=2", headers: org.admin.headers });
    const next = first.json<{ next: string }>().next;
    const crossed = await s.request({
      method: "GET",
      url: `/api/stream?sort=updated&limit=2&cursor=${encodeURIComponent(next)}`,
      headers: org.admin.headers,
    });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().error.code).toBe("invalid_cursor");
  });
});
