import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startTestServer, DIALECTS, describeEachDatabase, type TestServer } from "./test/harness.js";
import { buildOrg } from "./test/factories.js";
import { routeTable } from "./platform/register-routes.js";

describeEachDatabase("HTTP surface", (server) => {
  it("sends strict security headers and no-store on the API", async () => {
    const s = server();
    const res = await s.request({ method: "GET", url: "/api/setup" });
    const csp = res.headers["content-security-policy"] as string;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(
      Number(/max-age=(\d+)/.exec(res.headers["strict-transport-security"] as string)?.[1]),
    ).toBeGreaterThanOrEqual(31_536_000);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.headers["x-frame-options"]).toBe("DENY");
    // Refusals carry the same set.
    const refused = await s.request({ method: "GET", url: "/api/organisation" });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers["content-security-policy"]).toBe(csp);
    expect(refused.headers["cross-origin-resource-policy"]).toBe("same-origin");
  });

  it("refuses prototype poisoning in JSON bodies, and nothing in the server is polluted", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const body of [
      '{"tags":[],"__proto__":{"isAdmin":true}}',
      '{"tags":[],"constructor":{"prototype":{"isAdmin":true}}}',
    ]) {
      const res = await s.request({
        method: "POST",
        url: "/api/stream",
        headers: { ...org.admin.headers, "content-type": "application/json" },
        payload: body,
      });
      expect(res.statusCode, body).toBe(400);
    }
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(
      (await s.request({ method: "GET", url: "/api/stream?limit=1", headers: org.admin.headers })).json().total,
    ).toBe(0);
  });

  it("grants no cross-origin access to the API, whatever Origin a page sends", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const origin of ["https://evil.example", "null", "http://localhost:3000"]) {
      const read = await s.request({
        method: "GET",
        url: "/api/organisation",
        headers: { ...org.admin.headers, origin },
      });
      expect(read.statusCode, origin).toBe(200);
      expect(read.headers["access-control-allow-origin"], origin).toBeUndefined();
      expect(read.headers["access-control-allow-credentials"], origin).toBeUndefined();
      const preflight = await s.request({
        method: "OPTIONS",
        url: "/api/organisation/webhook",
        headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "x-bintu-token" },
      });
      expect(preflight.statusCode, origin).toBeGreaterThanOrEqual(400);
      expect(preflight.headers["access-control-allow-origin"], origin).toBeUndefined();
      expect(preflight.headers["access-control-allow-methods"], origin).toBeUndefined();
    }
  });

  it("answers unknown API paths and case variants with 404 JSON, and method overrides change nothing", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const url of ["/api/nope", "/API/organisation", "/api/Organisation"]) {
      const res = await s.request({ method: "GET", url, headers: org.admin.headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("not_found");
    }
    const override = await s.request({
      method: "GET",
      url: `/api/user`,
      headers: { ...org.admin.headers, "x-http-method-override": "DELETE" },
    });
    expect(override.statusCode).toBe(200);
  });

  it("lists every route of the route table in the OpenAPI document", async () => {
    const s = server();
    const doc = (await s.request({ method: "GET", url: "/api/docs" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    expect(routeTable(s.app).length).toBeGreaterThan(40);
    // A hidden route (the embed page's static assets) is no part of the API.
    for (const r of routeTable(s.app).filter((def) => !(def.schema as { hide?: boolean }).hide)) {
      const p = r.url.replace(/:(\w+)/g, "{$1}");
      expect(paths, p).toContain(p);
      for (const m of [r.method].flat()) expect(doc.paths[p][m.toLowerCase()], `${m} ${p}`).toBeDefined();
    }
    for (const p of [
      "/api/user/validate",
      "/api/invite/{token}/accept",
      "/api/ingest/rtmp",
      "/api/public/stream/{id}",
      "/api/password-reset/{token}",
    ])
      expect(paths).toContain(p);
    const idem = (doc.paths["/api/stream"].post.parameters ?? []).find(
      (p: { name: string }) => p.name === "idempotency-key",
    );
    expect(idem).toMatchObject({ in: "header", required: false });
    expect(
      doc.paths["/api/stream"].get.parameters?.some((p: { name: string }) => p.name === "idempotency-key") ?? false,
    ).toBe(false);
  });

  it("describes every operation for clients: ids, errors, security, formats, files and the ingest callback", async () => {
    const doc = (await server().request({ method: "GET", url: "/api/docs" })).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, item]) =>
      Object.entries(item).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })),
    );
    const ids = ops.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { key, op } of ops)
      expect(
        Object.keys(op.responses).some((c) => /^4\d\d$/.test(c)),
        key,
      ).toBe(true);
    expect(doc.components.schemas.Error.properties.error.required).toEqual(["code", "message"]);
    expect(doc.paths["/api/stream/{id}"].get.responses["404"]).toEqual({ $ref: "#/components/responses/NotFound" });
    expect(doc.paths["/api/stream/{id}"].get.responses["401"]).toBeDefined();
    for (const [p, m] of [
      ["/api/user/validate", "post"],
      ["/api/invite/{ref}", "get"],
      ["/api/public/stream/{id}", "get"],
      ["/healthz", "get"],
      ["/readyz", "get"],
      ["/api/docs", "get"],
      ["/vod/{orgHash}/{file}", "get"],
    ] as const) {
      expect(doc.paths[p][m].security, `${m} ${p}`).toEqual([]);
    }
    expect(doc.paths["/api/organisation"].get.security).toBeUndefined(); // the global requirement applies
    expect(doc.paths["/api/user/me"].get.security).toEqual([{ bintuToken: [] }, { bearer: [] }]);
    const ingest = doc.paths["/api/ingest/rtmp"].post;
    expect(Object.keys(ingest.requestBody.content)).toEqual(["application/x-www-form-urlencoded"]);
    expect(ingest.parameters.find((x: { name: string }) => x.name === "secret")).toMatchObject({
      in: "query",
      required: true,
    });
    expect(Object.keys(ingest.responses["403"].content).sort()).toEqual(["application/json", "text/plain"]);
    const vod = doc.paths["/vod/{orgHash}/{file}"];
    for (const m of ["get", "head"])
      expect(Object.keys(vod[m].responses)).toEqual(expect.arrayContaining(["200", "206", "304", "416"]));
    expect(Object.keys(vod.get.responses["206"].content)).toEqual(["video/mp4"]);
    expect(doc.paths["/readyz"].get.responses["503"]).toBeDefined();
    const stream = doc.paths["/api/stream"].post.responses["201"].content["application/json"].schema;
    expect(stream.properties.id.format).toBe("uuid");
    expect(stream.properties.createdAt.format).toBe("date-time");
    expect(doc.servers).toEqual([{ url: "http://orgdeck.test", description: expect.any(String) }]);
  });

  it("reports health and readiness", async () => {
    const s = server();
    expect((await s.request({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await s.request({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("refuses deeply nested and oversized JSON without falling over", async () => {
    const s = server();
    const org = await buildOrg(s);
    const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
    const res = await s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: { ...org.admin.headers, "content-type": "application/json" },
      payload: `{"public":${deep}}`,
    });
    expect(res.statusCode).toBe(400);
    const big = await s.request({
      method: "PUT",
      url: "/api/organisation/webhook",
      headers: org.admin.headers,
      payload: { webhook: "x".repeat(10 * 1024 * 1024) },
    });
    expect(big.statusCode).toBe(413);
    expect((await s.request({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });
});

for (const dialect of DIALECTS) {
  let s: TestServer;
  const web = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-web-"));
  fs.writeFileSync(path.join(web, "index.html"), "<!doctype html><title>orgdeck</title><div id=root></div>");
  beforeAll(async () => {
    s = await startTestServer(dialect, {}, { webRoot: web });
  });
  afterAll(async () => {
    await s.close();
  });

  it(`serves the dashboard for deep links, with the same headers [${dialect}]`, async () => {
    for (const url of ["/", "/organisation/overview", "/invite/odi_something"]) {
      const res = await s.request({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("<div id=root>");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
    expect((await s.request({ method: "GET", url: "/api/missing" })).statusCode).toBe(404);
  });

  it(`hides internal errors behind a request id [${dialect}]`, async () => {
    const broken = await startTestServer(dialect);
    const org = await buildOrg(broken);
    await broken.database.close();
    const res = await broken.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.error.code).toBe("internal_error");
    expect(body.error.requestId).toBe(res.headers["x-request-id"]);
    expect(res.body).not.toMatch(/at |select|sqlite|postgres|\/work\//i);
    expect((await broken.request({ method: "GET", url: "/readyz" })).statusCode).toBe(503);
    await broken.app.close();
  });
}
