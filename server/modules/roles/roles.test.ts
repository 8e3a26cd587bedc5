import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/harness.js";
import { buildOrg, buildUser } from "../../test/factories.js";

describeEachDatabase("custom roles", (server) => {
  it("lists built-in and custom roles with member counts, and gets one by name", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: {
        name: "streamer",
        label: "Streamer",
        description: "Goes live",
        permissions: { Stream: ["GetStreams", "CreateStream"] },
      },
    });
    await buildUser(s, org, "streamer", { login: false });
    const list = (await s.request({ method: "GET", url: "/api/permission/list", headers: org.admin.headers })).json();
    expect(list.roles.map((r: { name: string }) => r.name)).toEqual([
      "nanoAdmin",
      "nanoUser",
      "nanoReadOnly",
      "streamer",
    ]);
    expect(list.roles.find((r: { name: string }) => r.name === "streamer")).toMatchObject({
      users: 1,
      builtIn: false,
      permissions: { Stream: ["GetStreams", "CreateStream"] },
    });
    expect(
      (await s.request({ method: "GET", url: "/api/permission?name=nanoReadOnly", headers: org.admin.headers })).json()
        .builtIn,
    ).toBe(true);
    expect(
      (await s.request({ method: "GET", url: "/api/permission?name=ghost", headers: org.admin.headers })).statusCode,
    ).toBe(404);
  });

  it("refuses unknown permissions, built-in names, duplicates and escalation", async () => {
    const s = server();
    const org = await buildOrg(s);
    const post = (payload: object, headers = org.admin.headers) =>
      s.request({ method: "POST", url: "/api/permission", headers, payload });
    expect((await post({ name: "x1", label: "X", permissions: { Stream: ["Fly"] } })).json().error.message).toBe(
      "unknown permission Stream.Fly",
    );
    expect((await post({ name: "NanoAdmin", label: "X", permissions: {} })).statusCode).toBe(400);
    expect((await post({ name: "ok1", label: "X", permissions: {} })).statusCode).toBe(201);
    expect((await post({ name: "ok1", label: "X", permissions: {} })).statusCode).toBe(409);
    await post({
      name: "rolemaker",
      label: "Role maker",
      permissions: { Organisation: ["Get"], Permission: ["Create", "List"] },
    });
    const maker = await buildUser(s, org, "rolemaker");
    expect(
      (await post({ name: "sneaky", label: "X", permissions: { ApiKey: ["Get"] } }, maker.headers)).statusCode,
    ).toBe(403);
    expect(
      (await post({ name: "fine", label: "X", permissions: { Organisation: ["Get"] } }, maker.headers)).statusCode,
    ).toBe(201);
  });

  it("a custom role named admin has no admin rights", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "admin", label: "Admin", permissions: { Organisation: ["Get"] } },
    });
    const fake = await buildUser(s, org, "admin");
    expect(
      (await s.request({ method: "GET", url: "/api/organisation/apikey", headers: fake.headers })).statusCode,
    ).toBe(403);
  });

  it("changing a role's permissions applies to its members on their next request", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "ops", label: "Ops", permissions: { Organisation: ["Get"] } },
    });
    const m = await buildUser(s, org, "ops");
    expect((await s.request({ method: "GET", url: "/api/tag", headers: m.headers })).statusCode).toBe(403);
    const upd = await s.request({
      method: "PUT",
      url: "/api/permission/ops",
      headers: org.admin.headers,
      payload: { permissions: { Organisation: ["Get"], Tag: ["GetTags"] } },
    });
    expect(upd.statusCode).toBe(200);
    expect((await s.request({ method: "GET", url: "/api/tag", headers: m.headers })).statusCode).toBe(200);
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/permission/nanoUser",
          headers: org.admin.headers,
          payload: { label: "x" },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("a role still assigned (or promised by an invite) cannot be deleted", async () => {
    const s = server();
    const org = await buildOrg(s);
    await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "temp", label: "Temp", permissions: { Organisation: ["Get"] } },
    });
    const m = await buildUser(s, org, "temp", { login: false });
    expect(
      (await s.request({ method: "DELETE", url: "/api/permission/temp", headers: org.admin.headers })).statusCode,
    ).toBe(409);
    await s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: org.admin.headers,
      payload: { userId: m.id, role: "nanoReadOnly" },
    });
    const inv = (
      await s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload: { role: "temp" } })
    ).json();
    expect(
      (await s.request({ method: "DELETE", url: "/api/permission/temp", headers: org.admin.headers })).statusCode,
    ).toBe(409);
    await s.request({ method: "DELETE", url: `/api/invite/${inv.id}`, headers: org.admin.headers });
    expect(
      (await s.request({ method: "DELETE", url: "/api/permission/temp", headers: org.admin.headers })).statusCode,
    ).toBe(200);
  });

  it("a role manager changes or deletes only roles wholly within its own rights, before and after", async () => {
    const s = server();
    const org = await buildOrg(s);
    const create = (name: string, permissions: Record<string, string[]>) =>
      s.request({
        method: "POST",
        url: "/api/permission",
        headers: org.admin.headers,
        payload: { name, label: name, permissions },
      });
    await create("roleManager", {
      Organisation: ["Get"],
      Permission: ["List", "Create", "Update", "Delete"],
      User: ["GetUsers"],
    });
    await create("powerful", { Organisation: ["Get"], User: ["GetUsers", "DeleteUser", "UpdatePermission"] });
    await create("modest", { Organisation: ["Get"] });
    const manager = await buildUser(s, org, "roleManager");
    const h = manager.headers;
    // Stripping a role above oneself would bring its holders within reach: refused, role unchanged.
    const strip = await s.request({
      method: "PUT",
      url: "/api/permission/powerful",
      headers: h,
      payload: { permissions: { Organisation: ["Get"] } },
    });
    expect(strip.statusCode).toBe(403);
    expect(strip.json().error.message).toMatch(/User\.DeleteUser/);
    expect(
      (await s.request({ method: "GET", url: "/api/permission?name=powerful", headers: h })).json().permissions.User,
    ).toContain("DeleteUser");
    expect(
      (await s.request({ method: "PUT", url: "/api/permission/powerful", headers: h, payload: { label: "Renamed" } }))
        .statusCode,
    ).toBe(403);
    expect((await s.request({ method: "DELETE", url: "/api/permission/powerful", headers: h })).statusCode).toBe(403);
    // Within its rights, both ways.
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/permission/modest",
          headers: h,
          payload: { permissions: { Organisation: ["Get"], User: ["GetUsers"] } },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await s.request({
          method: "PUT",
          url: "/api/permission/modest",
          headers: h,
          payload: { permissions: { User: ["DeleteUser"] } },
        })
      ).statusCode,
    ).toBe(403);
    expect((await s.request({ method: "DELETE", url: "/api/permission/modest", headers: h })).statusCode).toBe(200);
  });
});
