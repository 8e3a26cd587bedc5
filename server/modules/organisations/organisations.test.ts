import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

describeEachDatabase("GET /api/organisation", (server) => {
  it("shows the organisation to its admin with the API key's last four characters", async () => {
    const s = server();
    const org = await buildOrg(s, { packages: ["vod", "liveProcessing.thumbnail"], supportLevel: "premium" });
    const res = await s.request({ method: "GET", url: "/api/organisation", headers: org.admin.headers });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: org.id,
      hash: org.hash,
      supportLevel: "premium",
      vodPublic: true,
      webhook: null,
      playerKey: org.playerKey,
    });
    expect(body.apiKey).toEqual({ last4: org.apiKey.slice(-4), createdAt: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain(org.apiKey);
    const vod = body.packages.find((p: { key: string }) => p.key === "vod");
    expect(vod.enabled).toBe(true);
    const lp = body.packages.find((p: { key: string }) => p.key === "liveProcessing");
    expect(lp.features.filter((f: { enabled: boolean }) => f.enabled).map((f: { key: string }) => f.key)).toEqual([
      "thumbnail",
    ]);
    expect(body.packages.find((p: { key: string }) => p.key === "secure").enabled).toBe(false);
  });

  it("hides the API key entry from a nanoUser", async () => {
    const s = server();
    const org = await buildOrg(s);
    const user = await buildUser(s, org, "nanoUser");
    const res = await s.request({ method: "GET", url: "/api/organisation", headers: user.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().apiKey).toBeUndefined();
  });
});
