import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg } from "../../test/factories.js";

describeEachDatabase("GET /api/audit", (server) => {
  it("shows the organisation's events newest first, filtered by action and actor, never another org's", async () => {
    const s = server();
    const org = await buildOrg(s);
    const other = await buildOrg(s);
    await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: org.admin.headers,
      payload: { public: false },
    });
    s.clock.advance(1000);
    await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: org.admin.headers,
      payload: { public: true },
    });
    await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: other.admin.headers,
      payload: { public: false },
    });
    const res = (
      await s.request({ method: "GET", url: "/api/audit?action=vod_visibility_changed", headers: org.admin.headers })
    ).json();
    expect(res.events.map((e: { target: string }) => e.target)).toEqual(["public", "private"]);
    expect(res.total).toBe(2);
    const byActor = (
      await s.request({
        method: "GET",
        url: `/api/audit?actor=${encodeURIComponent(org.admin.email)}&limit=100`,
        headers: org.admin.headers,
      })
    ).json();
    expect(byActor.events.every((e: { actor: { label: string } }) => e.actor.label === org.admin.email)).toBe(true);
    expect(JSON.stringify(byActor)).not.toContain(other.admin.email);
  });

  it("is append-only in the database itself", async () => {
    const s = server();
    await buildOrg(s);
    await expect(s.database.db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
    await expect(s.database.db.updateTable("audit_events").set({ outcome: "x" }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});
