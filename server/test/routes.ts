import type { Permission } from "../../contract/permissions.js";
import { PASSWORD, buildUser, type TestOrg } from "./factories.js";
import type { TestServer } from "./harness.js";

/**
 * Every authenticated API route as data: what it needs (the same permission its route declares)
 * and how to make one valid request to it. The role × route matrix is generated from this list and
 * the permission catalogue; a new route is added here.
 */
export interface RouteCase {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  permissions: Permission[];
  /** Only a user's bintu token may call it (not the API key). */
  userOnly?: boolean;
  /** Acts on the caller's own account only (any member may, read-only ones too). */
  ownAccount?: boolean;
  /** Success status for an allowed caller. */
  ok: number;
  /** The route names an object of the org: another org's admin gets 404 instead of success. */
  idScoped?: boolean;
  /** Builds the request against org A (fresh objects per call, so destructive routes can repeat). */
  prepare(s: TestServer, org: TestOrg): Promise<{ url: string; payload?: unknown }>;
}

async function stream(s: TestServer, org: TestOrg, opts: { state?: string; tags?: string[] } = {}) {
  return s.services.streams.createStreamForOrg(org, { tags: opts.tags ?? ["matrix"], ...(opts.state ? { state: opts.state } : {}) });
}
let n = 0;
const uniqueTag = () => `matrix-tag-${n++}`;

export const ROUTES: RouteCase[] = [
  { method: "GET", path: "/api/user/me", permissions: [], userOnly: true, ok: 200, prepare: async () => ({ url: "/api/user/me" }) },
  // A wrong current password: an allowed caller gets past the access check to the 400.
  {
    method: "PUT", path: "/api/user/password", permissions: [], userOnly: true, ownAccount: true, ok: 400,
    prepare: async () => ({ url: "/api/user/password", payload: { currentPassword: "not the current one", newPassword: "a brand new passphrase" } }),
  },
  { method: "GET", path: "/api/organisation", permissions: ["Organisation.Get"], ok: 200, prepare: async () => ({ url: "/api/organisation" }) },
  { method: "GET", path: "/api/organisation/apikey", permissions: ["ApiKey.Get"], ok: 200, prepare: async () => ({ url: "/api/organisation/apikey" }) },
  { method: "PUT", path: "/api/organisation/webhook", permissions: ["Organisation.SetWebhook"], ok: 200, prepare: async () => ({ url: "/api/organisation/webhook", payload: { webhook: null } }) },
  { method: "POST", path: "/api/organisation/webhook/test", permissions: ["Organisation.SetWebhook"], ok: 400, prepare: async () => ({ url: "/api/organisation/webhook/test" }) },
  { method: "PUT", path: "/api/organisation/vod", permissions: ["Organisation.SetVod"], ok: 200, prepare: async () => ({ url: "/api/organisation/vod", payload: { public: true } }) },
  { method: "GET", path: "/api/tag", permissions: ["Tag.GetTags"], ok: 200, prepare: async () => ({ url: "/api/tag" }) },
  {
    method: "PUT", path: "/api/tag/:name", permissions: ["Tag.EditTag"], ok: 200, idScoped: true,
    prepare: async (s, org) => { const t = uniqueTag(); await stream(s, org, { tags: [t] }); return { url: `/api/tag/${t}`, payload: { name: `${t}-renamed` } }; },
  },
  {
    method: "DELETE", path: "/api/tag/:name", permissions: ["Tag.DeleteTag"], ok: 200, idScoped: true,
    prepare: async (s, org) => { const t = uniqueTag(); await stream(s, org, { tags: [t] }); return { url: `/api/tag/${t}` }; },
  },
  { method: "GET", path: "/api/stream", permissions: ["Stream.GetStreams"], ok: 200, prepare: async () => ({ url: "/api/stream" }) },
  { method: "POST", path: "/api/stream", permissions: ["Stream.CreateStream"], ok: 201, prepare: async () => ({ url: "/api/stream", payload: { tags: ["created"] } }) },
  { method: "GET", path: "/api/stream/:id", permissions: ["StreamWithId.GetStream"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}` }) },
  { method: "DELETE", path: "/api/stream/:id", permissions: ["StreamWithId.Delete"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}` }) },
  { method: "PUT", path: "/api/stream/:id/tag", permissions: ["StreamWithId.SetTags"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}/tag`, payload: { tags: ["a", "b"] } }) },
  { method: "POST", path: "/api/stream/:id/stop", permissions: ["StreamWithId.Stop"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org, { state: "live" })).id}/stop` }) },
  { method: "POST", path: "/api/stream/:id/lock", permissions: ["StreamWithId.Lock"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}/lock` }) },
  { method: "POST", path: "/api/stream/:id/unlock", permissions: ["StreamWithId.Unlock"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org, { state: "locked" })).id}/unlock` }) },
  { method: "GET", path: "/api/ingest/calls", permissions: ["Organisation.SetWebhook"], ok: 200, prepare: async () => ({ url: "/api/ingest/calls" }) },
  { method: "GET", path: "/api/vod", permissions: ["Stream.GetStreams"], ok: 200, prepare: async () => ({ url: "/api/vod" }) },
  {
    method: "DELETE", path: "/api/vod/:id", permissions: ["StreamWithId.Delete"], ok: 200, idScoped: true,
    prepare: async (s, org) => {
      const st = await stream(s, org);
      const id = crypto.randomUUID();
      await s.database.db.insertInto("vod_assets").values({ id, org_id: org.id, stream_id: st.id, file_name: `${id}.mp4`, status: "ready", reason: null, size_bytes: 0, duration_ms: 0, created_at: s.clock.now() }).execute();
      return { url: `/api/vod/${id}` };
    },
  },
  { method: "GET", path: "/api/user", permissions: ["User.GetUsers"], ok: 200, prepare: async () => ({ url: "/api/user" }) },
  { method: "PUT", path: "/api/user/permission", permissions: ["User.UpdatePermission"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: "/api/user/permission", payload: { userId: (await buildUser(s, org, "nanoUser", { login: false })).id, role: "nanoReadOnly" } }) },
  { method: "PUT", path: "/api/user/tokenkey", permissions: ["User.RenewTokenKey"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: "/api/user/tokenkey", payload: { userId: (await buildUser(s, org, "nanoReadOnly", { login: false })).id } }) },
  {
    method: "POST", path: "/api/user/:id/password-reset", permissions: ["User.RenewTokenKey"], userOnly: true, ok: 201, idScoped: true,
    prepare: async (s, org) => ({ url: `/api/user/${(await buildUser(s, org, "nanoReadOnly", { login: false })).id}/password-reset` }),
  },
  { method: "DELETE", path: "/api/user/:id", permissions: ["User.DeleteUser"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/user/${(await buildUser(s, org, "nanoReadOnly", { login: false })).id}` }) },
  { method: "GET", path: "/api/permission/list", permissions: ["Permission.List"], ok: 200, prepare: async () => ({ url: "/api/permission/list" }) },
  { method: "GET", path: "/api/permission", permissions: ["Permission.List"], ok: 200, prepare: async () => ({ url: "/api/permission?name=nanoUser" }) },
  { method: "POST", path: "/api/permission", permissions: ["Permission.Create"], ok: 201, prepare: async () => ({ url: "/api/permission", payload: { name: `r${n++}`, label: "Viewer", permissions: { Organisation: ["Get"] } } }) },
  {
    method: "PUT", path: "/api/permission/:name", permissions: ["Permission.Update"], ok: 200, idScoped: true,
    prepare: async (s, org) => ({ url: `/api/permission/${await customRole(s, org)}`, payload: { label: "Renamed" } }),
  },
  { method: "DELETE", path: "/api/permission/:name", permissions: ["Permission.Delete"], ok: 200, idScoped: true, prepare: async (s, org) => ({ url: `/api/permission/${await customRole(s, org)}` }) },
  { method: "POST", path: "/api/invite", permissions: ["InviteToken.Create"], ok: 201, prepare: async () => ({ url: "/api/invite", payload: { role: "nanoReadOnly" } }) },
  { method: "GET", path: "/api/invite", permissions: ["InviteToken.List"], ok: 200, prepare: async () => ({ url: "/api/invite" }) },
  {
    method: "DELETE", path: "/api/invite/:ref", permissions: ["InviteToken.Delete"], ok: 200, idScoped: true,
    prepare: async (s, org) => {
      const res = await s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload: { role: "nanoReadOnly" } });
      return { url: `/api/invite/${res.json().id}` };
    },
  },
  { method: "GET", path: "/api/audit", permissions: ["Audit.Get"], ok: 200, prepare: async () => ({ url: "/api/audit" }) },
  // Changes the org's API key; the matrix picks up the new key from the answer.
  { method: "POST", path: "/api/organisation/apikey/rotate", permissions: ["ApiKey.Get", "ApiKey.Rotate"], ok: 200, prepare: async () => ({ url: "/api/organisation/apikey/rotate" }) },
  // Last: it revokes the caller's own token.
  { method: "POST", path: "/api/user/logout", permissions: [], userOnly: true, ownAccount: true, ok: 200, prepare: async () => ({ url: "/api/user/logout" }) },
];

async function customRole(s: TestServer, org: TestOrg): Promise<string> {
  const name = `custom${n++}`;
  const res = await s.request({ method: "POST", url: "/api/permission", headers: org.admin.headers, payload: { name, label: "Custom", permissions: { Organisation: ["Get"] } } });
  if (res.statusCode !== 201) throw new Error(`could not create role: ${res.body}`);
  return name;
}

export { PASSWORD };
