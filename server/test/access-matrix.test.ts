import { expect, it } from "vitest";
import { BUILT_IN_ROLES, type Permission } from "../../contract/permissions.js";
import { buildOrg, buildUser, login, type TestOrg } from "./factories.js";
import { describeEachDatabase, type TestServer } from "./harness.js";
import { routeTable } from "../platform/register-routes.js";
import { isProtected, routeKey } from "../platform/route-table.js";
import { SAMPLES, type RouteSample } from "./route-samples.js";

/** A custom role: some reading, renaming tags and the audit log; nothing that manages people. */
const AUDITOR: Permission[] = [
  "Organisation.Get",
  "Tag.GetTags",
  "Tag.EditTag",
  "Stream.GetStreams",
  "StreamWithId.GetStream",
  "User.GetUsers",
  "Audit.Get",
];

type CallerName =
  "nanoAdmin" | "nanoUser" | "nanoReadOnly" | "custom" | "apiKey" | "playerKey" | "none" | "bad" | "otherOrgAdmin";
const CALLERS: CallerName[] = [
  "nanoAdmin",
  "nanoUser",
  "nanoReadOnly",
  "custom",
  "apiKey",
  "playerKey",
  "none",
  "bad",
  "otherOrgAdmin",
];

function permissionsOf(caller: CallerName): Permission[] | null {
  if (caller === "custom") return AUDITOR;
  if (caller === "nanoAdmin" || caller === "nanoUser" || caller === "nanoReadOnly")
    return BUILT_IN_ROLES[caller].permissions;
  return null;
}

/** A protected route of the table as the matrix sees it: its declaration plus a sample request. */
interface MatrixRoute extends RouteSample {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  permissions: readonly Permission[];
  /** Only a user's bintu token may call it (not the API key). */
  userOnly: boolean;
  /** Needs no permission: acts on the caller's own account (any member may, read-only ones too). */
  ownAccount: boolean;
  /** Names an object of the org: another org's admin gets 404 instead of success. */
  namesObject: boolean;
}

/** Every protected route the server registered, in table order (then by the samples' order). */
function matrixRoutes(s: TestServer): MatrixRoute[] {
  const routes = routeTable(s.app)
    .filter(isProtected)
    .map((def): MatrixRoute => {
      const sample = SAMPLES[routeKey(def)];
      if (!sample) throw new Error(`${routeKey(def)} has no sample request in server/test/route-samples.ts`);
      return {
        ...sample,
        method: def.method as MatrixRoute["method"],
        path: def.url,
        permissions: def.access.permissions,
        userOnly: def.access.credentials !== undefined && !def.access.credentials.includes("apiKey"),
        ownAccount: def.access.permissions.length === 0,
        namesObject: def.namesObject === true,
      };
    });
  return routes.sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

/** The expected status, derived from the permission catalogue and the route's declaration. */
function expected(route: MatrixRoute, caller: CallerName): number {
  switch (caller) {
    case "none":
    case "bad":
      return 401;
    case "playerKey":
      return 403;
    case "apiKey":
      return route.userOnly ? 403 : route.ok;
    case "otherOrgAdmin":
      return route.namesObject ? 404 : route.ok;
    case "nanoAdmin":
    case "nanoUser":
    case "nanoReadOnly":
    case "custom":
      return route.permissions.every((p) => permissionsOf(caller)!.includes(p)) ? route.ok : 403;
  }
}

describeEachDatabase("role × route matrix", (server) => {
  let org: TestOrg;
  let other: TestOrg;
  const headers = {} as Record<CallerName, Record<string, string>>;
  const emails = {} as Record<CallerName, string>;

  async function setUp(s: TestServer) {
    org = await buildOrg(s);
    other = await buildOrg(s);
    const created = await s.request({
      method: "POST",
      url: "/api/permission",
      headers: org.admin.headers,
      payload: { name: "auditor", label: "Auditor", permissions: groupOf(AUDITOR) },
    });
    expect(created.statusCode).toBe(201);
    for (const role of ["nanoUser", "nanoReadOnly"] as const) {
      const m = await buildUser(s, org, role);
      headers[role] = m.headers;
      emails[role] = m.email;
    }
    const auditor = await buildUser(s, org, "auditor");
    headers.custom = auditor.headers;
    emails.custom = auditor.email;
    headers.nanoAdmin = org.admin.headers;
    emails.nanoAdmin = org.admin.email;
    headers.otherOrgAdmin = other.admin.headers;
    emails.otherOrgAdmin = other.admin.email;
    headers.apiKey = { "x-bintu-apikey": org.apiKey };
    headers.playerKey = { "x-bintu-apikey": org.playerKey };
    headers.none = {};
    headers.bad = { "x-bintu-token": "odt_definitelyNotAValidTokenAtAll000000" };
  }

  it("answers every route for every kind of caller exactly as the catalogue says", async () => {
    const s = server();
    await setUp(s);
    const mismatches: string[] = [];
    let checked = 0;
    const routes = matrixRoutes(s);
    for (const route of routes) {
      for (const caller of CALLERS) {
        const req = await route.prepare(s, org);
        const res = await s.request({
          method: route.method,
          url: req.url,
          headers: headers[caller],
          ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
        });
        const want = expected(route, caller);
        checked++;
        if (res.statusCode !== want)
          mismatches.push(
            `${route.method} ${route.path} as ${caller}: got ${res.statusCode}, want ${want} (${res.body.slice(0, 120)})`,
          );
        if (res.statusCode === 200 && route.path.endsWith("/apikey/rotate"))
          headers.apiKey = { "x-bintu-apikey": res.json().apiKey };
        if (res.statusCode === 200 && route.path === "/api/user/logout")
          headers[caller] = { "x-bintu-token": await login(s, emails[caller]) };
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length * CALLERS.length);
  }, 120_000);

  it("has a sample request for every protected route of the table, and none for a route that is gone", () => {
    const protectedKeys = routeTable(server().app).filter(isProtected).map(routeKey);
    expect(protectedKeys.length).toBeGreaterThan(30);
    expect(
      protectedKeys.filter((k) => !(k in SAMPLES)),
      "routes without a sample",
    ).toEqual([]);
    expect(
      Object.keys(SAMPLES).filter((k) => !protectedKeys.includes(k)),
      "samples without a route",
    ).toEqual([]);
  });

  it("decides who may call before it looks at the input: 401, then 403, and only then 400", async () => {
    const s = server();
    await setUp(s);
    const mismatches: string[] = [];
    for (const route of matrixRoutes(s)) {
      const req = await route.prepare(s, org);
      // A body or query no route accepts: unknown fields are refused by every schema.
      const url = `${req.url}${req.url.includes("?") ? "&" : "?"}notAField=1`;
      const payload = route.method === "GET" || route.method === "DELETE" ? undefined : { notAField: true };
      for (const caller of ["none", "bad", "playerKey", "nanoReadOnly"] as const) {
        const want = expected(route, caller);
        if (want !== 401 && want !== 403) continue;
        const res = await s.request({
          method: route.method,
          url,
          headers: headers[caller],
          ...(payload ? { payload } : {}),
        });
        if (res.statusCode !== want)
          mismatches.push(
            `${route.method} ${route.path} as ${caller}: got ${res.statusCode}, want ${want} (${res.body.slice(0, 100)})`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("leaves the database exactly as it was when another organisation's admin aims a change at org A's objects", async () => {
    const s = server();
    await setUp(s);
    const dump = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of [
        "organisations",
        "users",
        "roles",
        "streams",
        "stream_tags",
        "tags",
        "counters",
        "invites",
        "password_resets",
        "vod_assets",
        "audit_events",
        "idempotency_keys",
        "stream_live",
        "ingest_calls",
        "playback_keys",
      ] as const) {
        out[table] = (await s.database.db.selectFrom(table).selectAll().execute()).map((r) => JSON.stringify(r)).sort();
      }
      return out;
    };
    const changes = matrixRoutes(s).filter((r) => r.namesObject && r.method !== "GET");
    expect(changes.length).toBeGreaterThan(5);
    for (const route of changes) {
      const req = await route.prepare(s, org);
      const before = await dump();
      const res = await s.request({
        method: route.method,
        url: req.url,
        headers: headers.otherOrgAdmin,
        ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
      });
      expect(res.statusCode, `${route.method} ${route.path}`).toBe(404);
      expect(await dump(), `${route.method} ${route.path}`).toEqual(before);
    }
  }, 120_000);

  it("never lets a read-only caller change anything", () => {
    for (const route of matrixRoutes(server()).filter((r) => r.method !== "GET" && !r.ownAccount)) {
      expect(expected(route, "nanoReadOnly"), `${route.method} ${route.path}`).toBe(403);
    }
  });
});

function groupOf(perms: Permission[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of perms) {
    const [g, op] = p.split(".") as [string, string];
    (out[g] ??= []).push(op);
  }
  return out;
}
