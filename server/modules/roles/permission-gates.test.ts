import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

// Permissions that gate part of an answer or an operation rather than a whole route.
describeEachDatabase("permissions inside routes", (server) => {
  it("MetricKey.Get: the player key is in the organisation answer only for its holders", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "viewer", label: "Viewer", permissions: { Organisation: ["Get"] } },
    });
    const viewer = await buildUser(s, org, "viewer");
    const readOnly = await buildUser(s, org, "nanoReadOnly");
    const get = async (headers: Record<string, string>) =>
      (await s.request({ method: "GET", url: "/api/organisation", headers })).json();
    expect((await get(org.admin.headers)).playerKey).toMatch(/^odp_/);
    expect((await get(readOnly.headers)).playerKey).toMatch(/^odp_/);
    const seen = await get(viewer.headers);
    expect(seen.name).toBe(org.name);
    expect(seen).not.toHaveProperty("playerKey");
  });

  it("Tag.CreateTag: without it a member may tag streams only with tags already in use", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: {
        name: "tagger",
        label: "Tagger",
        permissions: { Stream: ["CreateStream"], StreamWithId: ["GetStream", "SetTags"] },
      },
    });
    const tagger = await buildUser(s, org, "tagger");
    const user = await buildUser(s, org, "nanoUser");
    const create = (headers: Record<string, string>, tags: string[]) =>
      s.request({ method: "POST", url: "/api/stream", headers, payload: { tags } });

    expect((await create(user.headers, ["news"])).statusCode).toBe(201);
    expect((await create(tagger.headers, [])).statusCode).toBe(201);
    const existing = await create(tagger.headers, ["news"]);
    expect(existing.statusCode).toBe(201);
    const refused = await create(tagger.headers, ["news", "sport"]);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('"sport"');

    const id = existing.json().id as string;
    const setTags = (headers: Record<string, string>, tags: string[]) =>
      s.request({ method: "PUT", url: `/api/stream/${id}/tag`, headers, payload: { tags } });
    expect((await setTags(tagger.headers, ["weather"])).statusCode).toBe(403);
    expect((await setTags(user.headers, ["weather"])).statusCode).toBe(200);
    expect((await setTags(tagger.headers, ["news", "weather"])).statusCode).toBe(200);
    expect((await s.request({ method: "GET", url: `/api/stream/${id}`, headers: tagger.headers })).json().tags).toEqual(
      ["news", "weather"],
    );
  });
});
