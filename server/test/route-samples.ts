import { buildUser, type TestOrg } from "./factories.js";
import type { TestServer } from "./harness.js";

/**
 * How to make one valid request to each protected route, keyed like `routeKey` ("PUT /api/tag/:name").
 * The list of routes comes from the route table (what the server registers); this file only says how
 * to call each one. A protected route without a sample here fails the access matrix.
 */
export interface RouteSample {
  /** Success status for an allowed caller. */
  ok: number;
  /** Runs after the routes with a lower order (default 0): for routes that change the callers' credentials. */
  order?: number;
  /** Builds the request against org A (fresh objects per call, so destructive routes can repeat). */
  prepare(s: TestServer, org: TestOrg): Promise<{ url: string; payload?: unknown }>;
}

async function stream(s: TestServer, org: TestOrg, opts: { state?: string; tags?: string[] } = {}) {
  return s.services.streams.createStreamForOrg(org, {
    tags: opts.tags ?? ["matrix"],
    ...(opts.state ? { state: opts.state } : {}),
  });
}
/** A member of org A with an open password reset link (made as the operator's command does). */
async function userWithResetLink(s: TestServer, org: TestOrg): Promise<string> {
  const user = await buildUser(s, org, "nanoReadOnly", { login: false });
  await s.services.passwordResets.createLinkForEmail(user.email);
  return user.id;
}

let n = 0;
const uniqueTag = () => `matrix-tag-${n++}`;

/**
 * Every organisation with the Secure package (playback tokens and keys need it), its other packages
 * kept: org A, and the other organisation whose admin creates keys of its own in the matrix.
 */
async function withSecure(s: TestServer): Promise<void> {
  const orgs = await s.database.db.selectFrom("organisations").select(["hash", "packages"]).execute();
  for (const org of orgs) {
    const packages = JSON.parse(org.packages) as string[];
    if (!packages.includes("secure"))
      await s.services.organisations.updateOrganisation(org.hash, { packages: [...packages, "secure"] });
  }
}

/** A customer playback key of org A, written directly (its key material plays no part in deleting it). */
async function playbackKey(s: TestServer, org: TestOrg): Promise<string> {
  const id = crypto.randomUUID();
  await s.database.db
    .insertInto("playback_keys")
    .values({
      id,
      org_id: org.id,
      kid: `matrix-${id}`,
      held_by: null,
      name: null,
      public_jwk: "{}",
      private_key_enc: null,
      created_at: s.clock.now(),
    })
    .execute();
  return id;
}

/**
 * A fresh event endpoint of org A. Old ones are pruned first, so the samples (called once per caller)
 * never reach the 20-endpoint quota. The host never resolves, so queued pings fail fast.
 */
async function eventEndpoint(s: TestServer, org: TestOrg): Promise<string> {
  const { endpoints } = await s.services.events.list(org.id);
  if (endpoints.length >= 15) for (const e of endpoints) await s.services.events.remove(org.id, e.id);
  const { endpoint } = await s.services.events.create(org.id, {
    url: "https://hooks.example.invalid/events",
    events: ["*"],
  });
  return endpoint.id;
}

/** A finished (failed) delivery of a fresh endpoint, written directly so no dispatcher holds it. */
async function finishedDelivery(s: TestServer, org: TestOrg): Promise<{ endpointId: string; deliveryId: string }> {
  const endpointId = await eventEndpoint(s, org);
  const eventId = crypto.randomUUID();
  const deliveryId = crypto.randomUUID();
  const now = s.clock.now();
  await s.database.db
    .insertInto("events")
    .values({ id: eventId, org_id: org.id, type: "ping", payload: "{}", created_at: now })
    .execute();
  await s.database.db
    .insertInto("event_deliveries")
    .values({
      id: deliveryId,
      event_id: eventId,
      endpoint_id: endpointId,
      org_id: org.id,
      status: "failed",
      next_attempt_at: null,
      claimed_by: null,
      claimed_until: null,
      created_at: now,
    })
    .execute();
  return { endpointId, deliveryId };
}

export const SAMPLES: Record<string, RouteSample> = {
  "GET /api/user/me": { ok: 200, prepare: async () => ({ url: "/api/user/me" }) },
  // maxAge=0: the event stream ends right after its ready event, so the sample call returns.
  "GET /api/live-updates": { ok: 200, prepare: async () => ({ url: "/api/live-updates?maxAge=0" }) },
  // A wrong current password: an allowed caller gets past the access check to the 400.
  "PUT /api/user/password": {
    ok: 400,
    prepare: async () => ({
      url: "/api/user/password",
      payload: { currentPassword: "not the current one", newPassword: "a brand new passphrase" },
    }),
  },
  "GET /api/organisation": { ok: 200, prepare: async () => ({ url: "/api/organisation" }) },
  "GET /api/organisation/apikey": { ok: 200, prepare: async () => ({ url: "/api/organisation/apikey" }) },
  "PUT /api/organisation/webhook": {
    ok: 200,
    prepare: async () => ({ url: "/api/organisation/webhook", payload: { webhook: null } }),
  },
  // No webhook saved: an allowed caller gets past the access check to the 400.
  "POST /api/organisation/webhook/test": { ok: 400, prepare: async () => ({ url: "/api/organisation/webhook/test" }) },
  "GET /api/organisation/webhook/secret": {
    ok: 200,
    prepare: async () => ({ url: "/api/organisation/webhook/secret" }),
  },
  "POST /api/organisation/webhook/secret/rotate": {
    ok: 200,
    prepare: async () => ({ url: "/api/organisation/webhook/secret/rotate" }),
  },
  // Its own name again: allowed callers get 200 and the organisation keeps its name for later samples.
  "PUT /api/organisation/name": {
    ok: 200,
    prepare: async (_s, org) => ({ url: "/api/organisation/name", payload: { name: org.name } }),
  },
  "PUT /api/organisation/vod": {
    ok: 200,
    prepare: async () => ({ url: "/api/organisation/vod", payload: { public: true } }),
  },
  "GET /api/tag": { ok: 200, prepare: async () => ({ url: "/api/tag" }) },
  "PUT /api/tag/:name": {
    ok: 200,
    prepare: async (s, org) => {
      const t = uniqueTag();
      await stream(s, org, { tags: [t] });
      return { url: `/api/tag/${t}`, payload: { name: `${t}-renamed` } };
    },
  },
  "DELETE /api/tag/:name": {
    ok: 200,
    prepare: async (s, org) => {
      const t = uniqueTag();
      await stream(s, org, { tags: [t] });
      return { url: `/api/tag/${t}` };
    },
  },
  "GET /api/stream": { ok: 200, prepare: async () => ({ url: "/api/stream" }) },
  "POST /api/stream": { ok: 201, prepare: async () => ({ url: "/api/stream", payload: { tags: ["created"] } }) },
  "GET /api/stream/:id": { ok: 200, prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}` }) },
  "DELETE /api/stream/:id": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}` }),
  },
  "PUT /api/stream/:id/tag": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}/tag`, payload: { tags: ["a", "b"] } }),
  },
  "POST /api/stream/:id/stop": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org, { state: "live" })).id}/stop` }),
  },
  "POST /api/stream/:id/lock": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org)).id}/lock` }),
  },
  "POST /api/stream/:id/unlock": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/stream/${(await stream(s, org, { state: "locked" })).id}/unlock` }),
  },
  "GET /api/ingest/calls": { ok: 200, prepare: async () => ({ url: "/api/ingest/calls" }) },
  "GET /api/vod": { ok: 200, prepare: async () => ({ url: "/api/vod" }) },
  "DELETE /api/vod/:id": {
    ok: 200,
    prepare: async (s, org) => {
      const st = await stream(s, org);
      const id = crypto.randomUUID();
      await s.database.db
        .insertInto("vod_assets")
        .values({
          id,
          org_id: org.id,
          stream_id: st.id,
          file_name: `${id}.mp4`,
          status: "ready",
          reason: null,
          size_bytes: 0,
          duration_ms: 0,
          created_at: s.clock.now(),
        })
        .execute();
      return { url: `/api/vod/${id}` };
    },
  },
  "GET /api/user": { ok: 200, prepare: async () => ({ url: "/api/user" }) },
  "PUT /api/user/permission": {
    ok: 200,
    prepare: async (s, org) => ({
      url: "/api/user/permission",
      payload: { userId: (await buildUser(s, org, "nanoUser", { login: false })).id, role: "nanoReadOnly" },
    }),
  },
  "PUT /api/user/tokenkey": {
    ok: 200,
    prepare: async (s, org) => ({
      url: "/api/user/tokenkey",
      payload: { userId: (await buildUser(s, org, "nanoReadOnly", { login: false })).id },
    }),
  },
  "POST /api/user/:id/password-reset": {
    ok: 201,
    prepare: async (s, org) => ({
      url: `/api/user/${(await buildUser(s, org, "nanoReadOnly", { login: false })).id}/password-reset`,
    }),
  },
  // An open link made by the operator, so every allowed caller finds one (and 403 comes before the lookup).
  "GET /api/user/:id/password-reset": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/user/${await userWithResetLink(s, org)}/password-reset` }),
  },
  "DELETE /api/user/:id/password-reset": {
    ok: 204,
    prepare: async (s, org) => ({ url: `/api/user/${await userWithResetLink(s, org)}/password-reset` }),
  },
  "DELETE /api/user/:id": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/user/${(await buildUser(s, org, "nanoReadOnly", { login: false })).id}` }),
  },
  "GET /api/permission/list": { ok: 200, prepare: async () => ({ url: "/api/permission/list" }) },
  // A custom role: another organisation's admin must not see it (a built-in one everybody has).
  "GET /api/permission": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/permission?name=${await customRole(s, org)}` }),
  },
  "POST /api/permission": {
    ok: 201,
    prepare: async () => ({
      url: "/api/permission",
      payload: { name: `r${n++}`, label: "Viewer", permissions: { Organisation: ["Get"] } },
    }),
  },
  "PUT /api/permission/:name": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/permission/${await customRole(s, org)}`, payload: { label: "Renamed" } }),
  },
  "DELETE /api/permission/:name": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/permission/${await customRole(s, org)}` }),
  },
  "POST /api/invite": { ok: 201, prepare: async () => ({ url: "/api/invite", payload: { role: "nanoReadOnly" } }) },
  "GET /api/invite": { ok: 200, prepare: async () => ({ url: "/api/invite" }) },
  "DELETE /api/invite/:ref": {
    ok: 200,
    prepare: async (s, org) => {
      const res = await s.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoReadOnly" },
      });
      return { url: `/api/invite/${res.json().id}` };
    },
  },
  "POST /api/event-endpoint": {
    ok: 201,
    prepare: async (s, org) => {
      await eventEndpoint(s, org); // prunes, so repeated creations stay under the quota
      return {
        url: "/api/event-endpoint",
        payload: { url: "https://hooks.example.invalid/created", events: ["stream.live"] },
      };
    },
  },
  "GET /api/event-endpoint": { ok: 200, prepare: async () => ({ url: "/api/event-endpoint" }) },
  "GET /api/event-endpoint/:id": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/event-endpoint/${await eventEndpoint(s, org)}` }),
  },
  "PUT /api/event-endpoint/:id": {
    ok: 200,
    prepare: async (s, org) => ({
      url: `/api/event-endpoint/${await eventEndpoint(s, org)}`,
      payload: { description: "changed" },
    }),
  },
  "DELETE /api/event-endpoint/:id": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/event-endpoint/${await eventEndpoint(s, org)}` }),
  },
  "GET /api/event-endpoint/:id/secret": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/event-endpoint/${await eventEndpoint(s, org)}/secret` }),
  },
  "POST /api/event-endpoint/:id/secret/rotate": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/event-endpoint/${await eventEndpoint(s, org)}/secret/rotate` }),
  },
  "POST /api/event-endpoint/:id/test": {
    ok: 202,
    prepare: async (s, org) => ({ url: `/api/event-endpoint/${await eventEndpoint(s, org)}/test` }),
  },
  "GET /api/event-endpoint/:id/deliveries": {
    ok: 200,
    prepare: async (s, org) => ({
      url: `/api/event-endpoint/${(await finishedDelivery(s, org)).endpointId}/deliveries`,
    }),
  },
  "POST /api/event-endpoint/:id/deliveries/:deliveryId/resend": {
    ok: 202,
    prepare: async (s, org) => {
      const { endpointId, deliveryId } = await finishedDelivery(s, org);
      return { url: `/api/event-endpoint/${endpointId}/deliveries/${deliveryId}/resend` };
    },
  },
  "GET /api/audit": { ok: 200, prepare: async () => ({ url: "/api/audit" }) },
  "GET /api/analytics/live": { ok: 200, prepare: async () => ({ url: "/api/analytics/live" }) },
  "GET /api/analytics/usage": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/analytics/usage?granularity=hour&stream=${(await stream(s, org)).id}` }),
  },
  "POST /api/stream/:id/playback-token": {
    ok: 200,
    prepare: async (s, org) => {
      await withSecure(s);
      return { url: `/api/stream/${(await stream(s, org)).id}/playback-token`, payload: { expiresIn: 60 } };
    },
  },
  "POST /api/playback-token": {
    ok: 200,
    prepare: async (s, org) => {
      await withSecure(s);
      const tag = uniqueTag();
      await stream(s, org, { tags: [tag] });
      return { url: "/api/playback-token", payload: { tag } };
    },
  },
  // Org A's keys are cleared first, so the callers that may create one never reach the 5-key quota.
  "POST /api/playback-key": {
    ok: 201,
    prepare: async (s, org) => {
      await withSecure(s);
      await s.database.db
        .deleteFrom("playback_keys")
        .where("org_id", "=", org.id)
        .where("held_by", "is", null)
        .execute();
      return { url: "/api/playback-key", payload: { name: "matrix" } };
    },
  },
  "GET /api/playback-key": { ok: 200, prepare: async () => ({ url: "/api/playback-key" }) },
  // Org A gets Live Processing's thumbnail feature and a stored picture (the bytes play no part here).
  "GET /api/stream/:id/thumbnail": {
    ok: 200,
    prepare: async (s, org) => {
      const packages = JSON.parse(
        (
          await s.database.db
            .selectFrom("organisations")
            .select("packages")
            .where("id", "=", org.id)
            .executeTakeFirstOrThrow()
        ).packages,
      ) as string[];
      if (!packages.includes("liveProcessing.thumbnail"))
        await s.services.organisations.updateOrganisation(org.hash, {
          packages: [...packages, "liveProcessing.thumbnail"],
        });
      const st = await stream(s, org);
      await s.database.db
        .insertInto("stream_thumbnails")
        .values({
          stream_id: st.id,
          org_id: org.id,
          jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
          etag: '"matrix"',
          taken_at: Date.now(),
          width: 16,
          height: 16,
          lease_until: 0,
        })
        .execute();
      return { url: `/api/stream/${st.id}/thumbnail` };
    },
  },
  "DELETE /api/playback-key/:id": {
    ok: 200,
    prepare: async (s, org) => ({ url: `/api/playback-key/${await playbackKey(s, org)}` }),
  },
  // Changes the org's API key; the matrix picks up the new key from the answer.
  "POST /api/organisation/apikey/rotate": {
    ok: 200,
    order: 1,
    prepare: async () => ({ url: "/api/organisation/apikey/rotate" }),
  },
  // Last: it revokes the caller's own token (and org A's admin headers, which other samples use).
  "POST /api/user/logout": { ok: 200, order: 2, prepare: async () => ({ url: "/api/user/logout" }) },
};

async function customRole(s: TestServer, org: TestOrg): Promise<string> {
  const name = `custom${n++}`;
  const res = await s.request({
    method: "POST",
    url: "/api/permission",
    headers: org.admin.headers,
    payload: { name, label: "Custom", permissions: { Organisation: ["Get"] } },
  });
  if (res.statusCode !== 201) throw new Error(`could not create role: ${res.body}`);
  return name;
}
