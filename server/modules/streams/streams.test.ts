import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

describeEachDatabase("streams and tags", (server) => {
  it("creates a stream named after the organisation with normalised, de-duplicated tags", async () => {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({
      method: "POST",
      url: "/api/stream",
      headers: org.admin.headers,
      payload: { tags: ["  Cafe\u0301 ", "Café", "region:eu", "🎥 live"] },
    });
    expect(res.statusCode).toBe(201);
    const st = res.json();
    expect(st.name).toMatch(new RegExp(`^${org.hash}-[0-9A-Za-z]{5}$`));
    expect(st.state).toBe("created");
    expect(st.tags.sort()).toEqual(["Café", "region:eu", "🎥 live"].sort());
    expect(st.ingest.streamName).toBe(st.name);
  });

  it.each([
    [{ tags: ["ok", "a".repeat(65)] }, /^tags: tag 2 "a{24}…" must be at most 64 characters$/],
    [{ tags: Array.from({ length: 33 }, (_, i) => `t${i}`) }, /at most 32/],
    [{ tags: ["bad\u0000tag"] }, /NUL/],
    [{ tags: ["evil\u202Etag"] }, /^tags: tag 1 "evil\?tag" contains control, bidi/],
    [{ tags: ["zero\u200Bwidth"] }, /invisible/],
    [{ tags: ["   "] }, /empty/],
    [{ tags: "notalist" }, /array/],
  ])("refuses bad tags %j the same way on both databases", async (payload, message) => {
    const s = server();
    const org = await buildOrg(s);
    const res = await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });

  it("lists streams filtered by all given tags and by state, paged", async () => {
    const s = server();
    const org = await buildOrg(s);
    const mk = (tags: string[]) =>
      s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: { tags } });
    await mk(["a", "b"]);
    await mk(["a"]);
    await mk(["b"]);
    const both = (
      await s.request({ method: "GET", url: "/api/stream?tag=a&tag=b", headers: org.admin.headers })
    ).json();
    expect(both.total).toBe(1);
    expect(
      (await s.request({ method: "GET", url: "/api/stream?tag=a", headers: org.admin.headers })).json().total,
    ).toBe(2);
    const page = (await s.request({ method: "GET", url: "/api/stream?limit=2", headers: org.admin.headers })).json();
    expect(page.streams).toHaveLength(2);
    expect(page.total).toBe(3);
    expect(
      (await s.request({ method: "GET", url: "/api/stream?state=live", headers: org.admin.headers })).json().total,
    ).toBe(0);
    expect(
      (await s.request({ method: "GET", url: "/api/stream?state=bogus", headers: org.admin.headers })).statusCode,
    ).toBe(400);
  });

  it("replaces tags, stops, locks, unlocks and deletes with the right state rules", async () => {
    const s = server();
    const org = await buildOrg(s);
    const st = (
      await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: { tags: ["x"] } })
    ).json();
    const put = await s.request({
      method: "PUT",
      url: `/api/stream/${st.id}/tag`,
      headers: org.admin.headers,
      payload: { tags: ["y", "z"] },
    });
    expect(put.json().tags).toEqual(["y", "z"]);
    expect(
      (await s.request({ method: "POST", url: `/api/stream/${st.id}/stop`, headers: org.admin.headers })).statusCode,
    ).toBe(409);
    expect(
      (await s.request({ method: "POST", url: `/api/stream/${st.id}/lock`, headers: org.admin.headers })).json().state,
    ).toBe("locked");
    expect(
      (await s.request({ method: "POST", url: `/api/stream/${st.id}/unlock`, headers: org.admin.headers })).json()
        .state,
    ).toBe("created");
    expect(
      (await s.request({ method: "DELETE", url: `/api/stream/${st.id}`, headers: org.admin.headers })).statusCode,
    ).toBe(200);
    expect(
      (await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: org.admin.headers })).statusCode,
    ).toBe(404);
    expect((await s.request({ method: "GET", url: "/api/tag", headers: org.admin.headers })).json().total).toBe(0);
  });

  it("renames and deletes a tag on every stream; nanoUser may rename but not delete", async () => {
    const s = server();
    const org = await buildOrg(s);
    const user = await buildUser(s, org, "nanoUser");
    for (const tags of [["old"], ["old", "new"], ["other"]])
      await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: { tags } });
    const renamed = await s.request({
      method: "PUT",
      url: "/api/tag/old",
      headers: user.headers,
      payload: { name: "new" },
    });
    expect(renamed.json()).toEqual({ name: "new", streams: 2 });
    const tags = (await s.request({ method: "GET", url: "/api/tag", headers: org.admin.headers })).json().tags;
    expect(tags).toEqual([
      { name: "new", streams: 2 },
      { name: "other", streams: 1 },
    ]);
    expect((await s.request({ method: "DELETE", url: "/api/tag/new", headers: user.headers })).statusCode).toBe(403);
    expect(
      (await s.request({ method: "DELETE", url: "/api/tag/new", headers: org.admin.headers })).json().streams,
    ).toBe(2);
    expect((await s.request({ method: "DELETE", url: "/api/tag/new", headers: org.admin.headers })).statusCode).toBe(
      404,
    );
  });

  it("pages and searches tags literally and never shows another organisation's tags", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    await s.services.streams.createStreamForOrg(other, { tags: ["canary-secret"] });
    for (const t of ["b", "A", "c%d", "c_d", "cxd"]) await s.services.streams.createStreamForOrg(org, { tags: [t] });
    const all = (await s.request({ method: "GET", url: "/api/tag?limit=2", headers: org.admin.headers })).json();
    expect(all.total).toBe(5);
    expect(all.tags.map((t: { name: string }) => t.name)).toEqual(["A", "b"]);
    const pct = (
      await s.request({ method: "GET", url: `/api/tag?q=${encodeURIComponent("%")}`, headers: org.admin.headers })
    ).json();
    expect(pct.tags.map((t: { name: string }) => t.name)).toEqual(["c%d"]);
    const us = (await s.request({ method: "GET", url: "/api/tag?q=_", headers: org.admin.headers })).json();
    expect(us.tags.map((t: { name: string }) => t.name)).toEqual(["c_d"]);
    expect(
      (await s.request({ method: "GET", url: "/api/tag?q=canary", headers: org.admin.headers })).json().total,
    ).toBe(0);
    expect(
      (await s.request({ method: "GET", url: "/api/tag?limit=1000000", headers: org.admin.headers })).statusCode,
    ).toBe(200);
    for (const bad of ["limit=0", "limit=-1", "offset=-1", "limit=abc", "sort=name;DROP"]) {
      expect((await s.request({ method: "GET", url: `/api/tag?${bad}`, headers: org.admin.headers })).statusCode).toBe(
        400,
      );
    }
  });

  it("answers another organisation's stream exactly like a missing one", async () => {
    const s = server();
    const a = await buildOrg(s);
    const b = await buildOrg(s);
    const st = await s.services.streams.createStreamForOrg(a, { tags: [] });
    const foreign = await s.request({ method: "GET", url: `/api/stream/${st.id}`, headers: b.admin.headers });
    const missing = await s.request({
      method: "GET",
      url: `/api/stream/${crypto.randomUUID()}`,
      headers: b.admin.headers,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
  });
});
