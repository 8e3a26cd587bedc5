// Keyset pagination on every list route: `next` walks the whole list, a cursor survives inserts and
// deletes during the walk, and a cursor that is malformed, forged or from another organisation,
// route or filter is refused with 400 invalid_cursor without saying why.
import { expect, it } from "vitest";
import { buildOrg, buildStreams, buildUser, type TestOrg } from "./factories.js";
import { describeEachDatabase, type TestServer } from "./harness.js";

type Page = { next: string | null } & Record<string, unknown>;

/** Follows `next` from `url` to the end and returns every item, page by page, calling `between` after each page. */
async function walk(
  s: TestServer,
  org: TestOrg,
  url: string,
  field: string,
  between: (page: number) => Promise<void> = async () => undefined,
) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const sep = url.includes("?") ? "&" : "?";
    const res = await s.request({
      method: "GET",
      url: cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url,
      headers: org.admin.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Page>();
    items.push(...(body[field] as Array<Record<string, unknown>>));
    cursor = body.next;
    if (!cursor) return items;
    await between(page);
  }
  throw new Error("walk did not end");
}

describeEachDatabase("keyset pagination", (server) => {
  it("walks streams, tags, users, audit events, ingest calls, invitations and roles to the end with next, each row once", async () => {
    const s = server();
    const org = await buildOrg(s);
    await buildStreams(
      s,
      org,
      Array.from({ length: 23 }, (_, i) => [`tag-${i % 9}`, `Tag-${String(i).padStart(2, "0")}`]),
    );
    for (let i = 0; i < 4; i++) await buildUser(s, org, i % 2 ? "nanoUser" : "nanoReadOnly", { login: false });
    for (let i = 0; i < 5; i++)
      await s.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoUser" },
      });
    const stream = (await s.request({ method: "GET", url: "/api/stream?limit=1", headers: org.admin.headers })).json()
      .streams[0];
    for (let i = 0; i < 7; i++)
      await s.services.ingest.decide({
        call: i % 3 ? "play" : "publish",
        name: stream.name,
        app: "live",
        addr: `192.0.2.${i}`,
      });
    for (let i = 0; i < 3; i++)
      await s.request({
        method: "POST",
        url: "/api/permission",
        headers: org.admin.headers,
        payload: { name: `custom${i}`, label: `Custom ${i}`, permissions: { Organisation: ["Get"] } },
      });

    const cases: Array<[string, string, number]> = [
      ["/api/stream?limit=4", "streams", 23],
      ["/api/stream?limit=2&tag=tag-1", "streams", 3],
      ["/api/tag?limit=5", "tags", 32],
      ["/api/tag?limit=3&q=TAG-0", "tags", 11],
      ["/api/user?limit=2", "users", 5],
      ["/api/user?limit=1&role=nanoUser", "users", 2],
      ["/api/invite?limit=2", "invites", 5],
      ["/api/ingest/calls?limit=3", "calls", 7],
      [`/api/ingest/calls?limit=2&streamId=${stream.id}&decision=allow`, "calls", 7],
      ["/api/permission/list?limit=2", "roles", 6],
    ];
    for (const [url, field, count] of cases) {
      const items = await walk(s, org, url, field);
      const keys = items.map((i) => String(i.id ?? i.name));
      expect(keys, url).toHaveLength(count);
      expect(new Set(keys).size, url).toBe(count);
    }
    const audit = await walk(s, org, "/api/audit?limit=7", "events");
    const all = (await s.request({ method: "GET", url: "/api/audit?limit=100", headers: org.admin.headers })).json();
    expect(audit.map((e) => e.id)).toEqual(all.events.map((e: { id: string }) => e.id));
    expect(all.total).toBe(audit.length);
    // Tags come in name order (case-insensitive, then exact), the same on both databases.
    const tags = (await walk(s, org, "/api/tag?limit=6", "tags")).map((t) => String(t.name));
    expect(tags).toEqual(
      [...tags].sort((a, b) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0,
      ),
    );
  });

  it("returns every stream that existed before the walk exactly once while streams are created and deleted meanwhile", async () => {
    const s = server();
    const org = await buildOrg(s);
    const create = (tags: string[]) =>
      s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: { tags } });
    const before: string[] = [];
    for (let i = 0; i < 40; i++) {
      s.clock.advance(i % 3 === 0 ? 0 : 7); // several streams share a creation time: the id breaks the tie
      before.push((await create(i % 2 ? ["odd", "all"] : ["all"])).json().id);
    }
    const alive = new Set(before);
    const addedEarlier: string[] = []; // made during an earlier walk, tagged all + odd: part of the next walks
    const cases: Array<[string, (i: number) => boolean]> = [
      ["/api/stream?limit=6", () => true],
      ["/api/stream?limit=4&tag=all", () => true],
      ["/api/stream?limit=3&tag=odd&tag=all", (i) => i % 2 === 1],
    ];
    for (const [url, wanted] of cases) {
      const expected = [
        ...before.filter((id, i) => alive.has(id) && wanted(i)),
        ...addedEarlier.filter((id) => alive.has(id)),
      ];
      const deleted = new Set<string>();
      const added: string[] = [];
      const seen = await walk(s, org, url, "streams", async (page) => {
        s.clock.advance(3);
        added.push((await create(["all", "odd"])).json().id); // newer than everything: it sorts before the cursor, never inside the walk
        const victim = expected[(page * 7 + 3) % expected.length]!;
        if (!deleted.has(victim) && page % 2 === 0) {
          expect(
            (await s.request({ method: "DELETE", url: `/api/stream/${victim}`, headers: org.admin.headers }))
              .statusCode,
          ).toBe(200);
          deleted.add(victim);
        }
      });
      const ids = seen.map((st) => String(st.id));
      expect(new Set(ids).size, url).toBe(ids.length);
      for (const id of expected) if (!deleted.has(id)) expect(ids, url).toContain(id);
      expect(
        ids.filter((id) => !expected.includes(id)),
        url,
      ).toEqual([]);
      expect(deleted.size, url).toBeGreaterThan(0);
      for (const id of deleted) alive.delete(id);
      for (const id of added) {
        alive.add(id);
        addedEarlier.push(id);
      }
    }
  });

  it("refuses malformed, forged and foreign cursors with the same 400, and offsets past 10 000", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    await buildStreams(s, org, [["a"], ["a", "b"], ["b"], ["c"]]);
    await buildStreams(s, other, [["a"], ["b"], ["c"]]);
    const first = (url: string, o: TestOrg = org) =>
      s.request({ method: "GET", url, headers: o.admin.headers }).then((r) => r.json<Page>());
    const streamCursor = (await first("/api/stream?limit=1")).next!;
    const tagCursor = (await first("/api/tag?limit=1")).next!;
    const tagFilterCursor = (await first("/api/stream?limit=1&tag=a")).next!;
    const foreignCursor = (await first("/api/stream?limit=1", other)).next!;
    expect(streamCursor).toBeTruthy();

    const [payload, sig] = streamCursor.split(".");
    const forgedPayload = Buffer.from(JSON.stringify([9_999_999_999_999, "zzzz"])).toString("base64url");
    const bad = [
      "garbage",
      `${payload}.`,
      `${payload}.${sig}.x`,
      `${forgedPayload}.${sig}`,
      `${payload}.${Buffer.from("0".repeat(18)).toString("base64url")}`,
      foreignCursor,
      tagCursor,
      "%00",
    ];
    const answers = new Set<string>();
    for (const c of bad) {
      const res = await s.request({
        method: "GET",
        url: `/api/stream?limit=1&cursor=${encodeURIComponent(c)}`,
        headers: org.admin.headers,
      });
      if (c === "%00") {
        expect(res.statusCode).toBe(400);
        continue;
      }
      expect(res.statusCode, c).toBe(400);
      expect(res.json().error.code, c).toBe("invalid_cursor");
      answers.add(res.body.replace(/"requestId":"[^"]*"/, ""));
    }
    expect(answers.size).toBe(1); // nothing tells a forged cursor from a foreign one
    // Another filter's cursor, and a cursor over a much longer string.
    expect(
      (
        await s.request({
          method: "GET",
          url: `/api/stream?limit=1&cursor=${encodeURIComponent(tagFilterCursor)}`,
          headers: org.admin.headers,
        })
      ).json().error.code,
    ).toBe("invalid_cursor");
    expect(
      (
        await s.request({
          method: "GET",
          url: `/api/stream?limit=1&tag=b&cursor=${encodeURIComponent(tagFilterCursor)}`,
          headers: org.admin.headers,
        })
      ).json().error.code,
    ).toBe("invalid_cursor");
    expect(
      (
        await s.request({
          method: "GET",
          url: `/api/stream?limit=1&cursor=${"A".repeat(600)}`,
          headers: org.admin.headers,
        })
      ).statusCode,
    ).toBe(400);
    // The same filter continues.
    expect(
      (
        await s.request({
          method: "GET",
          url: `/api/stream?limit=1&tag=a&cursor=${encodeURIComponent(tagFilterCursor)}`,
          headers: org.admin.headers,
        })
      ).statusCode,
    ).toBe(200);

    for (const url of [
      "/api/stream",
      "/api/tag",
      "/api/user",
      "/api/audit",
      "/api/ingest/calls",
      "/api/vod",
      "/api/invite",
      "/api/permission/list",
    ]) {
      const deep = await s.request({ method: "GET", url: `${url}?offset=10001`, headers: org.admin.headers });
      expect(deep.statusCode, url).toBe(400);
      expect(deep.json().error.code, url).toBe("offset_too_large");
      expect(deep.json().error.message, url).toMatch(/cursor/);
      expect(
        (await s.request({ method: "GET", url: `${url}?offset=10000`, headers: org.admin.headers })).statusCode,
        url,
      ).toBe(200);
      expect(
        (
          await s.request({
            method: "GET",
            url: `${url}?cursor=${encodeURIComponent(streamCursor)}&offset=5`,
            headers: org.admin.headers,
          })
        ).statusCode,
        url,
      ).toBe(400);
      const junk = await s.request({
        method: "GET",
        url: `${url}?cursor=${encodeURIComponent(streamCursor)}`,
        headers: org.admin.headers,
      });
      expect(junk.statusCode, url).toBe(url === "/api/stream" ? 200 : 400);
      if (url !== "/api/stream") expect(junk.json().error.code, url).toBe("invalid_cursor");
    }
    // A limit above the maximum is clamped to it, and says so in the OpenAPI document.
    const big = await first("/api/stream?limit=100000");
    expect((big.streams as unknown[]).length).toBe(4);
    const docs = (await s.request({ method: "GET", url: "/api/docs" })).json();
    expect(JSON.stringify(docs.paths["/api/stream"].get.parameters)).toMatch(/clamped to 100/);
  });

  it("keeps offset working for old clients, up to 10 000, in the same order as the cursor walk", async () => {
    const s = server();
    const org = await buildOrg(s);
    await buildStreams(
      s,
      org,
      Array.from({ length: 9 }, (_, i) => [`x${i}`]),
    );
    const walked = (await walk(s, org, "/api/stream?limit=2", "streams")).map((x) => x.id);
    const byOffset: unknown[] = [];
    for (let offset = 0; offset < 9; offset += 2) {
      byOffset.push(
        ...(await s.request({ method: "GET", url: `/api/stream?limit=2&offset=${offset}`, headers: org.admin.headers }))
          .json()
          .streams.map((x: { id: string }) => x.id),
      );
    }
    expect(byOffset).toEqual(walked);
  });
});
