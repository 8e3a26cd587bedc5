import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg } from "../../test/factories.js";

const FORBIDDEN = [
  "http://hooks.example.com/x",
  "https://127.0.0.1/x",
  "https://localhost/x",
  "https://localhost./x",
  "https://api.localhost/x",
  "https://[::1]/x",
  "https://[::ffff:127.0.0.1]/x",
  "https://[::ffff:7f00:1]/x",
  "https://0.0.0.0/x",
  "https://0/x",
  "https://2130706433/x",
  "https://0x7f.1/x",
  "https://0177.0.0.1/x",
  "https://169.254.169.254/latest/meta-data",
  "https://100.64.0.1/x",
  "https://10.0.0.1/x",
  "https://172.16.0.1/x",
  "https://192.168.1.1/x",
  "https://[fc00::1]/x",
  "https://[fe80::1]/x",
  "https://[64:ff9b::a9fe:a9fe]/x",
  "https://[2002:a9fe:a9fe::1]/x",
  "https://[::127.0.0.1]/x",
  "https://[::7f00:1]/x",
  "https://[::a9fe:a9fe]/x",
  "https://[64:ff9b:1::a9fe:a9fe]/x",
  "https://[2001::4136:e378:8000:63bf:3fff:fdd2]/x",
  "https://[::ffff:0:7f00:1]/x",
  "https://hooks.example.com:22/x",
  "https://hooks.example.com:8080/x",
  "https://hooks.example.com:6379/x",
  "https://x@127.0.0.1/x",
  "https://user:pw@example.com/x",
  "https://metadata.google.internal/x",
  "file:///etc/passwd",
  "gopher://example.com/x",
  "ftp://example.com/x",
  "data:text/plain,hello",
  "javascript:alert(1)",
  "not a url",
];

describeEachDatabase("PUT /api/organisation/webhook", (server) => {
  it("stores an https URL, shows it, audits it, and clears it with null", async () => {
    const s = server();
    const org = await buildOrg(s);
    const set = await s.request({
      method: "PUT",
      url: "/api/organisation/webhook",
      headers: org.admin.headers,
      payload: { webhook: "https://Hooks.Example.com/publish?x=1" },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json().webhook).toBe("https://hooks.example.com/publish?x=1");
    const cleared = await s.request({
      method: "PUT",
      url: "/api/organisation/webhook",
      headers: org.admin.headers,
      payload: { webhook: null },
    });
    expect(cleared.json().webhook).toBeNull();
    const audit = await s.database.db
      .selectFrom("audit_events")
      .select(["action", "detail"])
      .where("org_id", "=", org.id)
      .where("action", "=", "webhook_changed")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it.each(FORBIDDEN)("refuses %s and keeps the saved webhook", async (url) => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "PUT",
      url: "/api/organisation/webhook",
      headers: org.admin.headers,
      payload: { webhook: "https://ok.example.com/hook" },
    });
    const res = await s.request({
      method: "PUT",
      url: "/api/organisation/webhook",
      headers: org.admin.headers,
      payload: { webhook: url },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/^webhook /);
    const now = await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(now.json().webhook).toBe("https://ok.example.com/hook");
  });

  it("accepts the https ports 443 and 8443", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const webhook of ["https://hooks.example.com:443/x", "https://hooks.example.com:8443/x"]) {
      expect(
        (
          await s.request({
            method: "PUT",
            url: "/api/organisation/webhook",
            headers: org.admin.headers,
            payload: { webhook },
          })
        ).statusCode,
        webhook,
      ).toBe(200);
    }
  });

  it("rejects wrong types, unknown fields and oversized values", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const payload of [
      { webhook: 5 },
      { webhook: "https://a.example.com", orgId: "x" },
      { webhook: `https://a.example.com/${"a".repeat(3000)}` },
      {},
    ]) {
      const res = await s.request({
        method: "PUT",
        url: "/api/organisation/webhook",
        headers: org.admin.headers,
        payload,
      });
      expect(res.statusCode).toBe(400);
    }
  });
});

describeEachDatabase(
  "PUT /api/organisation/webhook with ORGDECK_WEBHOOK_ALLOW_PRIVATE=1",
  (server) => {
    it("accepts plain http to a loopback receiver, on the web ports only", async () => {
      const s = server();
      const org = await buildOrg(s);
      const put = (webhook: string) =>
        s.request({
          method: "PUT",
          url: "/api/organisation/webhook",
          headers: org.admin.headers,
          payload: { webhook },
        });
      for (const ok of ["http://127.0.0.1/hook", "http://127.0.0.1:8443/hook", "https://127.0.0.1/hook"]) {
        const res = await put(ok);
        expect(res.statusCode, ok).toBe(200);
        expect(res.json().webhook).toBe(ok);
      }
      for (const port of [22, 5432, 6379, 8080])
        expect((await put(`http://127.0.0.1:${port}/hook`)).statusCode, String(port)).toBe(400);
    });
  },
  { ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1" },
);
