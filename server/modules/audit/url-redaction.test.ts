import { expect, it } from "vitest";
import { buildOrg, buildUser } from "../../test/factories.js";
import { describeEachDatabase } from "../../test/harness.js";

const ENV = { ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1", ORGDECK_WEBHOOK_PORTS: "any" };

describeEachDatabase(
  "audit rows keep URLs without their query string or user info",
  (server) => {
    it("an Audit.Get reader sees the webhook's and event endpoints' hosts and paths, never their tokens", async () => {
      const s = server();
      const org = await buildOrg(s);
      const put = (url: string, payload: object, method: "PUT" | "POST" = "PUT") =>
        s.request({ method, url, headers: org.admin.headers, payload });
      expect(
        (await put("/api/organisation/webhook", { webhook: "https://hook.example.com/in?token=w3bh00k" })).statusCode,
      ).toBe(200);
      expect(
        (await put("/api/organisation/webhook", { webhook: "https://hook.example.com:8443/v2?token=s3c0nd" }))
          .statusCode,
      ).toBe(200);
      const created = await put(
        "/api/event-endpoint",
        { url: "https://events.example.com/collect?key=3v3nt&x=1", events: ["stream.live"] },
        "POST",
      );
      expect(created.statusCode).toBe(201);
      const id = created.json().endpoint.id;
      expect(
        (await put(`/api/event-endpoint/${id}`, { url: "https://events.example.com/next?key=upd4t3" })).statusCode,
      ).toBe(200);

      await s.request({
        method: "POST",
        url: "/api/permission",
        headers: org.admin.headers,
        payload: { name: "auditor", label: "Auditor", permissions: { Audit: ["Get"] } },
      });
      const auditor = await buildUser(s, org, "auditor");
      const res = await s.request({ method: "GET", url: "/api/audit?limit=50", headers: auditor.headers });
      expect(res.statusCode).toBe(200);
      for (const token of ["w3bh00k", "s3c0nd", "3v3nt", "upd4t3", "token=", "key="])
        expect(res.body).not.toContain(token);
      const detail = (action: string) =>
        res
          .json<{ events: Array<{ action: string; detail: Record<string, unknown> | null }> }>()
          .events.filter((e) => e.action === action)
          .map((e) => e.detail);
      expect(detail("webhook_changed")).toContainEqual({
        from: "https://hook.example.com/in?…",
        to: "https://hook.example.com:8443/v2?…",
      });
      expect(detail("event_endpoint_created")).toEqual([
        { url: "https://events.example.com/collect?…", events: ["stream.live"] },
      ]);
      expect(detail("event_endpoint_updated")).toEqual([{ url: "https://events.example.com/next?…" }]);
      // The endpoint itself still calls the full URL.
      expect((await s.services.events.get(org.id, id)).url).toBe("https://events.example.com/next?key=upd4t3");
    });

    it("rows written before redaction are redacted when read", async () => {
      const s = server();
      const org = await buildOrg(s);
      await s.database.db
        .insertInto("audit_events")
        .values({
          id: crypto.randomUUID(),
          org_id: org.id,
          at: s.clock.now(),
          actor_type: "system",
          actor_id: null,
          actor_label: null,
          action: "webhook_changed",
          target: "https://old:pw@legacy.example/hook?token=0ldt0k",
          ip: null,
          outcome: "success",
          detail: JSON.stringify({ from: null, to: "https://legacy.example/hook?token=0ldt0k" }),
          request_id: null,
        })
        .execute();
      const res = await s.request({ method: "GET", url: "/api/audit?limit=5", headers: org.admin.headers });
      expect(res.body).not.toContain("0ldt0k");
      expect(res.body).not.toContain("old:pw");
      const row = res
        .json<{ events: Array<{ action: string; target: string; detail: unknown }> }>()
        .events.find((e) => e.action === "webhook_changed");
      expect(row).toMatchObject({
        target: "https://…@legacy.example/hook?…",
        detail: { from: null, to: "https://legacy.example/hook?…" },
      });
    });
  },
  ENV,
);
