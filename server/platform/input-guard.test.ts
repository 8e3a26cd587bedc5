import { expect, it } from "vitest";
import { buildOrg } from "../test/factories.js";
import { describeEachDatabase } from "../test/harness.js";

describeEachDatabase(
  "NUL characters",
  (server) => {
    it("are refused with the same 400 on both databases wherever they appear, never a 500", async () => {
      const s = server();
      const org = await buildOrg(s);
      const cases: Array<{ method: "GET" | "POST" | "PUT" | "DELETE"; url: string; payload?: object; form?: string }> =
        [
          { method: "GET", url: "/api/tag?q=a%00b" },
          { method: "GET", url: "/api/user?role=a%00" },
          { method: "GET", url: "/api/permission?name=a%00" },
          { method: "GET", url: "/api/audit?actor=a%00" },
          { method: "GET", url: "/api/stream/a%00b" },
          { method: "GET", url: "/api/stream?tag=%00" },
          { method: "DELETE", url: "/api/tag/%00" },
          {
            method: "POST",
            url: "/api/user/validate",
            payload: { email: "a\u0000@b.example", password: "long enough password" },
          },
          { method: "POST", url: "/api/stream", payload: { tags: ["a\u0000"] } },
          { method: "PUT", url: "/api/organisation/webhook", payload: { webhook: "https://exa\u0000mple.com/x" } },
          // With the right secret, so the NUL reaches the callback's parsing (a wrong one is refused before).
          { method: "POST", url: "/api/ingest/rtmp?secret=guard-secret", form: "call=publish&name=ab%00cd&app=live" },
        ];
      for (const c of cases) {
        const res = await s.request({
          method: c.method,
          url: c.url,
          headers: { ...org.admin.headers, ...(c.form ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
          ...(c.payload ? { payload: c.payload } : c.form ? { payload: c.form } : {}),
        });
        expect(res.statusCode, `${c.method} ${c.url}`).toBe(400);
        expect(res.json().error.message).toMatch(/NUL|control/);
      }
      // Other unusual text is fine: it is compared, not refused.
      expect(
        (await s.request({ method: "GET", url: "/api/tag?q=%E2%80%AE%F0%9F%8E%A5", headers: org.admin.headers }))
          .statusCode,
      ).toBe(200);
      expect(
        (
          await s.request({
            method: "GET",
            url: `/api/audit?actor=${encodeURIComponent("\u00e9\ud83c\udfa5")}`,
            headers: org.admin.headers,
          })
        ).statusCode,
      ).toBe(200);
    });
  },
  { ORGDECK_INGEST_SECRET: "guard-secret" },
);
