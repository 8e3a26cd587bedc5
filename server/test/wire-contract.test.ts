import fs from "node:fs";
import path from "node:path";
import type { InjectOptions } from "fastify";
import { expect, it } from "vitest";
import { routeTable } from "../platform/register-routes.js";
import { isProtected, routeKey } from "../platform/route-table.js";
import { makeToken } from "../platform/tokens.js";
import { buildOrg, buildUser, login, PASSWORD, type TestOrg } from "./factories.js";
import { describeEachDatabase, type TestServer } from "./harness.js";
import { openapiContract } from "./openapi-contract.js";
import { SAMPLES } from "./route-samples.js";

/**
 * Every answer the server gives, checked against the OpenAPI document it serves: each route sample
 * (as every kind of caller, with bad input, oversized and non-JSON bodies), the limiters' 429s and the
 * public routes. A status the operation does not document, or a body that its schema rejects, fails.
 */
const INGEST_SECRET = "wire-contract-ingest-secret";
const tokenOf = (url: string) => url.split("/").pop()!;
/** The routes the document describes (a `hide`-en one, like the embed page's assets, is no part of the API). */
const documented = (s: TestServer) => routeTable(s.app).filter((def) => !(def.schema as { hide?: boolean }).hide);

describeEachDatabase(
  "the wire matches the served OpenAPI document",
  (server) => {
    let check: ReturnType<typeof openapiContract>;
    const problems: string[] = [];
    /** `METHOD /route/:pattern status` of every answer checked. */
    const seen = new Set<string>();

    /** Sends one request to the route `pattern` (a table path) and checks the answer against the document. */
    async function call(s: TestServer, method: string, pattern: string, opts: Omit<InjectOptions, "method">) {
      const res = await s.request({ ...opts, method: method as "GET" });
      problems.push(...check(method, pattern, res));
      seen.add(`${method} ${pattern} ${res.statusCode}`);
      return res;
    }
    const takeProblems = () => problems.splice(0);
    const expectSeen = (keys: string[]) =>
      expect(
        keys.filter((k) => !seen.has(k)),
        "answers not provoked",
      ).toEqual([]);

    it("answers the setup steps as documented, before any organisation exists", async () => {
      const s = server();
      const docs = await s.request({ method: "GET", url: "/api/docs" });
      expect(docs.statusCode).toBe(200);
      check = openapiContract(docs.json());
      await call(s, "GET", "/api/docs", { url: "/api/docs" });
      await call(s, "GET", "/api/setup", { url: "/api/setup" });
      const body = { organisationName: "Wire", email: "setup@example.com", password: PASSWORD };
      await call(s, "POST", "/api/setup", { url: "/api/setup", payload: { ...body, token: makeToken("setup") } });
      await call(s, "POST", "/api/setup", { url: "/api/setup", payload: { ...body, notAField: 1 } });
      const link = await s.services.setup.issueLink();
      const token = link!.split("#token=")[1]!;
      await call(s, "POST", "/api/setup", { url: "/api/setup", payload: { ...body, token } });
      await call(s, "POST", "/api/setup", { url: "/api/setup", payload: { ...body, token } });
      expect(takeProblems()).toEqual([]);
      expectSeen(["POST /api/setup 403", "POST /api/setup 400", "POST /api/setup 200", "POST /api/setup 410"]);
    });

    it("answers every protected route as documented, for every kind of caller and bad input", async () => {
      const s = server();
      const org = await buildOrg(s);
      const other = await buildOrg(s);
      const users = { readOnly: await buildUser(s, org, "nanoReadOnly"), user: await buildUser(s, org, "nanoUser") };
      const headers: Record<string, Record<string, string>> = {
        admin: org.admin.headers,
        readOnly: users.readOnly.headers,
        user: users.user.headers,
        apiKey: { "x-bintu-apikey": org.apiKey },
        playerKey: { "x-bintu-apikey": org.playerKey },
        otherOrgAdmin: other.admin.headers,
        none: {},
        bad: { "x-bintu-token": "odt_definitelyNotAValidTokenAtAll000000" },
      };
      const routes = routeTable(s.app)
        .filter(isProtected)
        .map((def) => ({ def, sample: SAMPLES[routeKey(def)]! }))
        .sort((a, b) => (a.sample.order ?? 0) - (b.sample.order ?? 0));
      expect(routes.filter((r) => !r.sample).map((r) => routeKey(r.def))).toEqual([]);
      for (const { def, sample } of routes) {
        const method = String(def.method);
        const hasBody = method === "POST" || method === "PUT";
        for (const [caller, h] of Object.entries(headers)) {
          const req = await sample.prepare(s, org);
          const res = await call(s, method, def.url, {
            url: req.url,
            headers: h,
            ...(req.payload !== undefined ? { payload: req.payload as object } : {}),
          });
          if (res.statusCode === 200 && def.url.endsWith("/apikey/rotate"))
            headers.apiKey = { "x-bintu-apikey": res.json().apiKey };
          if (res.statusCode === 200 && def.url === "/api/user/logout") {
            const member = caller === "admin" ? org.admin : caller === "otherOrgAdmin" ? other.admin : null;
            const again = member ?? (caller in users ? users[caller as keyof typeof users] : null);
            if (again) headers[caller] = { "x-bintu-token": await login(s, again.email) };
          }
        }
        // Unknown fields in the query and the body, an oversized body and a body that is not JSON.
        const req = await sample.prepare(s, org);
        const url = `${req.url}${req.url.includes("?") ? "&" : "?"}notAField=1`;
        await call(s, method, def.url, {
          url,
          headers: headers.admin,
          ...(hasBody ? { payload: { notAField: true } } : {}),
        });
        // Fastify reads a body on every method but GET and HEAD, whether or not the route takes one.
        if (method !== "GET") {
          const big = JSON.stringify({ notAField: "x".repeat(70 * 1024) });
          const json = { ...headers.admin, "content-type": "application/json" };
          await call(s, method, def.url, { url: req.url, headers: json, payload: big });
          const text = { ...headers.admin, "content-type": "text/plain" };
          await call(s, method, def.url, { url: req.url, headers: text, payload: "x" });
        }
      }
      expect(takeProblems()).toEqual([]);
      expectSeen(["GET /api/stream/:id 404", "PUT /api/stream/:id/tag 413", "POST /api/stream 415"]);
      expectSeen(["GET /api/user/me 401", "GET /api/organisation 403", "GET /api/tag 400"]);
    }, 180_000);

    it("answers 429 where a limiter refuses, and 422 for a reused Idempotency-Key, as documented", async () => {
      const s = server();
      const org = await buildOrg(s);
      const member = await buildUser(s, org, "nanoUser");
      for (let i = 0; i < 11; i++) {
        await call(s, "POST", "/api/organisation/webhook/test", {
          url: "/api/organisation/webhook/test",
          headers: org.admin.headers,
        });
        const wrong = { email: member.email, password: "not the password at all" };
        await call(s, "POST", "/api/user/validate", {
          url: "/api/user/validate",
          remoteAddress: "192.0.2.10",
          payload: wrong,
        });
        await call(s, "PUT", "/api/user/password", {
          url: "/api/user/password",
          headers: member.headers,
          remoteAddress: "192.0.2.11",
          payload: { currentPassword: "not the current one", newPassword: "a brand new passphrase" },
        });
      }
      const endpoint = await s.services.events.create(org.id, {
        url: "https://hooks.example.invalid/x",
        events: ["*"],
      });
      for (let i = 0; i < 11; i++)
        await call(s, "POST", "/api/event-endpoint/:id/test", {
          url: `/api/event-endpoint/${endpoint.endpoint.id}/test`,
          headers: org.admin.headers,
        });
      for (let i = 0; i < 21; i++)
        await call(s, "GET", "/api/password-reset/:token", {
          url: `/api/password-reset/${makeToken("passwordReset")}`,
          remoteAddress: "192.0.2.12",
        });
      const invite = await s.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoReadOnly" },
      });
      for (let i = 0; i < 6; i++)
        await call(s, "POST", "/api/invite/:token/accept", {
          url: `/api/invite/${tokenOf(invite.json().url)}/accept`,
          remoteAddress: "192.0.2.13",
          payload: { email: member.email, password: PASSWORD },
        });
      const key = { ...org.admin.headers, "idempotency-key": "wire-contract-1" };
      for (const tags of [["first"], ["second"]])
        await call(s, "POST", "/api/stream", { url: "/api/stream", headers: key, payload: { tags } });
      expect(takeProblems()).toEqual([]);
      expectSeen([
        "POST /api/organisation/webhook/test 429",
        "POST /api/event-endpoint/:id/test 429",
        "POST /api/user/validate 429",
        "PUT /api/user/password 429",
        "GET /api/password-reset/:token 429",
        "POST /api/invite/:token/accept 409",
        "POST /api/invite/:token/accept 429",
        "POST /api/stream 422",
      ]);
    });

    it("answers the public routes as documented: sign-in, invitations, password resets, ingest, VOD files", async () => {
      const s = server();
      const org = await buildOrg(s, { packages: ["vod"] });
      const validate = (payload: unknown, extra: Partial<InjectOptions> = {}) =>
        call(s, "POST", "/api/user/validate", { url: "/api/user/validate", payload: payload as object, ...extra });
      await validate({ email: org.admin.email, password: PASSWORD });
      await validate({ email: org.admin.email, password: "wrong password here" });
      await validate({ email: org.admin.email });
      await validate("x", { headers: { "content-type": "text/plain" } });

      const invite = await s.request({
        method: "POST",
        url: "/api/invite",
        headers: org.admin.headers,
        payload: { role: "nanoReadOnly" },
      });
      const inviteToken = tokenOf(invite.json().url);
      await call(s, "GET", "/api/invite/:ref", { url: `/api/invite/${inviteToken}` });
      await call(s, "GET", "/api/invite/:ref", { url: `/api/invite/${makeToken("invite")}` });
      const accept = { email: "joiner@example.com", password: PASSWORD };
      for (let i = 0; i < 2; i++)
        await call(s, "POST", "/api/invite/:token/accept", {
          url: `/api/invite/${inviteToken}/accept`,
          payload: accept,
        });

      const member = await buildUser(s, org, "nanoUser", { login: false });
      const link = await s.request({
        method: "POST",
        url: `/api/user/${member.id}/password-reset`,
        headers: org.admin.headers,
      });
      const resetUrl = `/api/password-reset/${tokenOf(link.json().url)}`;
      await call(s, "GET", "/api/password-reset/:token", { url: resetUrl });
      await call(s, "POST", "/api/password-reset/:token", { url: resetUrl, payload: { password: "short" } });
      for (let i = 0; i < 2; i++)
        await call(s, "POST", "/api/password-reset/:token", {
          url: resetUrl,
          payload: { password: "another long passphrase" },
        });
      await call(s, "GET", "/api/password-reset/:token", { url: resetUrl });

      const st = await s.services.streams.createStreamForOrg(org, { tags: [] });
      const form = { "content-type": "application/x-www-form-urlencoded" };
      const ingest = (body: string, secret = INGEST_SECRET, headers = form) =>
        call(s, "POST", "/api/ingest/rtmp", { url: `/api/ingest/rtmp?secret=${secret}`, headers, payload: body });
      await ingest(`call=publish&name=${st.name}&app=live&addr=192.0.2.1&clientid=1`);
      await ingest(`call=publish&name=nobody-here&app=live&addr=192.0.2.1&clientid=1`);
      await ingest(`call=publish&name=${st.name}`, "wrong");
      await ingest(`call=publish&name=${"x".repeat(17 * 1024)}`);
      await ingest(`call=publish&name=${st.name}`, INGEST_SECRET, { "content-type": "text/plain" });

      await call(s, "GET", "/api/public/stream/:id", { url: `/api/public/stream/${st.id}` });
      await call(s, "GET", "/api/public/stream/:id", { url: `/api/public/stream/${crypto.randomUUID()}` });
      await call(s, "GET", "/api/public/stream/:id", { url: "/api/public/stream/not-an-id" });
      await vodFiles(s, org, st.id);
      await call(s, "GET", "/healthz", { url: "/healthz" });
      await call(s, "GET", "/readyz", { url: "/readyz" });
      expect(takeProblems()).toEqual([]);
      expectSeen([
        "POST /api/user/validate 200",
        "POST /api/user/validate 401",
        "POST /api/user/validate 415",
        "GET /api/invite/:ref 200",
        "POST /api/invite/:token/accept 200",
        "POST /api/invite/:token/accept 410",
        "GET /api/password-reset/:token 200",
        "POST /api/password-reset/:token 200",
        "POST /api/password-reset/:token 400",
        "POST /api/password-reset/:token 410",
        "POST /api/ingest/rtmp 200",
        "POST /api/ingest/rtmp 403",
        "POST /api/ingest/rtmp 401",
        "POST /api/ingest/rtmp 413",
        "POST /api/ingest/rtmp 415",
        "GET /vod/:orgHash/:file 200",
        "GET /vod/:orgHash/:file 206",
        "GET /vod/:orgHash/:file 304",
        "GET /vod/:orgHash/:file 412",
        "GET /vod/:orgHash/:file 416",
        "GET /vod/:orgHash/:file 404",
        "HEAD /vod/:orgHash/:file 206",
      ]);
    });

    /** A public recording on disk, asked for whole, in ranges, conditionally and wrongly. */
    async function vodFiles(s: TestServer, org: TestOrg, streamId: string) {
      await s.request({
        method: "PUT",
        url: "/api/organisation/vod",
        headers: org.admin.headers,
        payload: { public: true },
      });
      const id = crypto.randomUUID();
      const dir = path.join(s.config.vodDir, org.hash);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${id}.mp4`), Buffer.alloc(4096, 7));
      await s.database.db
        .insertInto("vod_assets")
        .values({
          id,
          org_id: org.id,
          stream_id: streamId,
          file_name: `${id}.mp4`,
          status: "ready",
          reason: null,
          size_bytes: 4096,
          duration_ms: 1000,
          created_at: s.clock.now(),
        })
        .execute();
      const url = `/vod/${org.hash}/${id}.mp4`;
      const file = (headers: Record<string, string> = {}, method = "GET", at = url) =>
        call(s, method, "/vod/:orgHash/:file", { url: at, headers });
      const whole = await file();
      await file({ range: "bytes=0-9" });
      await file({ range: "bytes=0-9" }, "HEAD");
      await file({ range: "bytes=5000-6000" });
      await file({ range: "bytes=0-9" }, "HEAD");
      await file({ range: "bytes=5000-6000" }, "HEAD");
      await file({ "if-none-match": String(whole.headers.etag) });
      await file({ "if-match": '"not-the-etag"' });
      await file({}, "GET", `/vod/${org.hash}/${crypto.randomUUID()}.mp4`);
      await file({}, "GET", `/vod/${org.hash}/${"x".repeat(80)}.mp4`);
      // Gone from disk while its row remains.
      fs.rmSync(path.join(dir, `${id}.mp4`));
      await file();
    }

    it("answers every route of the table, called without a credential, as documented", async () => {
      const s = server();
      for (const def of documented(s))
        for (const method of [def.method].flat()) {
          const url = def.url.replace(/:\w+/g, () => crypto.randomUUID());
          await call(s, method, def.url, { url });
          if (method === "GET" || method === "HEAD") continue;
          const big = JSON.stringify({ notAField: "x".repeat(70 * 1024) });
          await call(s, method, def.url, { url, headers: { "content-type": "application/json" }, payload: big });
          await call(s, method, def.url, { url, headers: { "content-type": "text/plain" }, payload: "x" });
        }
      expect(takeProblems()).toEqual([]);
    });

    it("has called every route of the table at least once", () => {
      const called = new Set([...seen].map((k) => k.split(" ").slice(0, 2).join(" ")));
      const missing = documented(server()).flatMap((def) =>
        [def.method]
          .flat()
          .map((m) => `${m} ${def.url}`)
          .filter((k) => !called.has(k)),
      );
      expect(missing).toEqual([]);
    });
  },
  { ORGDECK_INGEST_SECRET: INGEST_SECRET },
);
