import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

describeEachDatabase("PUT /api/organisation/name", (server) => {
  it("renames the caller's organisation, trims the name, shows it and audits old and new", async () => {
    const s = server();
    const org = await buildOrg(s, { name: "Old Name Inc." });
    const other = await buildOrg(s, { name: "Other Org" });
    const res = await s.request({
      method: "PUT",
      url: "/api/organisation/name",
      headers: org.admin.headers,
      payload: { name: "  New Name GmbH  " },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe("New Name GmbH");
    const read = await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(read.json().name).toBe("New Name GmbH");
    // Only the caller's organisation changes.
    const untouched = await s.request({ method: "GET", url: "/api/organisation", headers: other.admin.headers });
    expect(untouched.json().name).toBe("Other Org");

    const audit = await s.request({
      method: "GET",
      url: "/api/audit?action=org_renamed",
      headers: org.admin.headers,
    });
    expect(audit.statusCode).toBe(200);
    const events = audit.json().events as Array<{ action: string; target: string; detail: unknown }>;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "org_renamed", target: "New Name GmbH" });
    expect(JSON.stringify(events[0]!.detail)).toContain("Old Name Inc.");
    const otherAudit = await s.request({
      method: "GET",
      url: "/api/audit?action=org_renamed",
      headers: other.admin.headers,
    });
    expect(otherAudit.json().events).toHaveLength(0);
  });

  it("records nothing when the name does not change", async () => {
    const s = server();
    const org = await buildOrg(s, { name: "Same Name" });
    const res = await s.request({
      method: "PUT",
      url: "/api/organisation/name",
      headers: org.admin.headers,
      payload: { name: "Same Name" },
    });
    expect(res.statusCode).toBe(200);
    const audit = await s.request({ method: "GET", url: "/api/audit?action=org_renamed", headers: org.admin.headers });
    expect(audit.json().events).toHaveLength(0);
  });

  it("refuses an empty, over-long or control-character name with 400 naming the problem", async () => {
    const s = server();
    const org = await buildOrg(s, { name: "Keep Me" });
    for (const [name, message] of [
      ["   ", /name must not be empty/],
      ["x".repeat(101), /name must be at most 100 characters/],
      ["bad\u202Ename", /name contains control, bidi or invisible characters/],
      [42, /name must be a string/],
    ] as const) {
      const res = await s.request({
        method: "PUT",
        url: "/api/organisation/name",
        headers: org.admin.headers,
        payload: { name },
      });
      expect(res.statusCode, String(name)).toBe(400);
      expect(res.json().error.message).toMatch(message);
    }
    const read = await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(read.json().name).toBe("Keep Me");
  });

  it("is refused to members without Organisation.Rename (403) and without a credential (401)", async () => {
    const s = server();
    const org = await buildOrg(s, { name: "Guarded" });
    for (const role of ["nanoUser", "nanoReadOnly"] as const) {
      const member = await buildUser(s, org, role);
      const res = await s.request({
        method: "PUT",
        url: "/api/organisation/name",
        headers: member.headers,
        payload: { name: `Renamed by ${role}` },
      });
      expect(res.statusCode).toBe(403);
    }
    const anon = await s.request({ method: "PUT", url: "/api/organisation/name", payload: { name: "Anon" } });
    expect(anon.statusCode).toBe(401);
    const read = await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(read.json().name).toBe("Guarded");
  });
});
