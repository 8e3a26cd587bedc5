import { expect, it } from "vitest";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg } from "../../test/factories.js";

type Org = Awaited<ReturnType<typeof buildOrg>>;

async function stream(s: TestServer, org: Org): Promise<{ id: string; name: string }> {
  return (await s.request({ method: "POST", url: "/api/stream", headers: org.admin.headers, payload: {} })).json();
}

const directives = (csp: string) =>
  new Map(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describeEachDatabase("embed page", (server) => {
  it("serves a player any site may frame, playing the stream's HLS from the playout server", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const st = await stream(s, org);
    const res = await s.request({ method: "GET", url: `/embed/${st.id}?token=abc.def.ghi` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["x-frame-options"]).toBeUndefined();
    expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
    expect(res.headers["cache-control"]).toBe("no-store");
    const csp = directives(String(res.headers["content-security-policy"]));
    expect(csp.get("frame-ancestors")).toEqual(["*"]);
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("media-src")).toEqual(["'self'", "blob:", "http://orgdeck.test:8080"]);
    expect(csp.get("connect-src")).toEqual(["http://orgdeck.test:8080"]);
    expect(csp.get("worker-src")).toEqual(["blob:"]);
    expect(res.body).toContain(`data-hls="http://orgdeck.test:8080/hls/${st.id}/index.m3u8"`);
    expect(res.body).toMatch(/<video id="video" aria-label="Live stream" controls muted autoplay playsinline>/);
    // No inline script; the page's token stays in the address (the script reads it), never in the HTML.
    expect(res.body).not.toMatch(/<script>|<script(?![^>]*\bsrc=)/);
    expect(res.body).not.toContain("abc.def.ghi");
    expect(res.body).not.toContain(st.name);
  });

  it("serves its script, style and hls.js from orgdeck", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const page = (await s.request({ method: "GET", url: `/embed/${(await stream(s, org)).id}` })).body;
    const refs = [...page.matchAll(/(?:src|href|data-hls-js)="(\/embed\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toHaveLength(3);
    expect(refs.some((r) => /\/hls-1\.7\.4\.light\.min\.js$/.test(r))).toBe(true);
    for (const url of refs) {
      const res = await s.request({ method: "GET", url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"], url).toMatch(url.endsWith(".css") ? /^text\/css/ : /^text\/javascript/);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    }
    expect((await s.request({ method: "GET", url: "/embed/assets/nope.js" })).statusCode).toBe(404);
  });

  it("answers one and the same 404 page for unknown, malformed, deleted and H5Live-less streams", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["h5live"] });
    const without = await buildOrg(s, { packages: ["vod"] });
    const deleted = await stream(s, org);
    await s.request({ method: "DELETE", url: `/api/stream/${deleted.id}`, headers: org.admin.headers });
    const bodies = new Set<string>();
    for (const id of [
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
      deleted.id,
      (await stream(s, without)).id,
    ]) {
      const res = await s.request({ method: "GET", url: `/embed/${id}` });
      expect(res.statusCode, id).toBe(404);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(String(res.headers["content-security-policy"])).toContain("frame-ancestors *");
      bodies.add(res.body);
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain("This stream is not available.");
  });

  it("leaves the dashboard and the API unframeable", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const url of ["/api/organisation", "/healthz", "/some/dashboard/page"]) {
      const res = await s.request({ method: "GET", url, headers: org.admin.headers });
      expect(res.headers["x-frame-options"], url).toBe("DENY");
      expect(String(res.headers["content-security-policy"]), url).toContain("frame-ancestors 'none'");
    }
  });
});
