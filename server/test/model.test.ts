// Model-based test: random sequences of invite / accept / role change / delete / token reset / login /
// key rotation / VOD toggle / cross-organisation attempts over three organisations. After every step
// the real server must agree with a small model: every organisation keeps an admin, revoked
// credentials never authenticate, live ones act with exactly their current role, and nothing of
// another organisation is ever visible or changeable.
import fc from "fast-check";
import { expect, it } from "vitest";
import { PASSWORD, buildOrg } from "./factories.js";
import { describeEachDatabase, type TestServer } from "./harness.js";

type Role = "nanoAdmin" | "nanoUser" | "nanoReadOnly";
const ROLES: Role[] = ["nanoAdmin", "nanoUser", "nanoReadOnly"];

interface Member {
  id: string;
  email: string;
  role: Role;
  tokens: string[];
}
interface OrgModel {
  id: string;
  members: Member[];
  invites: Array<{ token: string; role: Role; used: boolean }>;
  apiKey: string;
  vodPublic: boolean;
}
interface World {
  s: TestServer;
  orgs: OrgModel[];
  /** Credentials that must never work again. */
  deadTokens: string[];
  deadKeys: string[];
  /** Users that no longer exist (id + the org they were in). */
  gone: Array<{ id: string; email: string }>;
}

let seq = 0;
const pick = <T>(list: T[], i: number): T | undefined => (list.length === 0 ? undefined : list[i % list.length]);
const token = (h: string) => ({ "x-bintu-token": h });
const admins = (o: OrgModel) => o.members.filter((m) => m.role === "nanoAdmin");

function kill(w: World, m: Member): void {
  w.deadTokens.push(...m.tokens);
  m.tokens = [];
}

/** The caller acts with one of its live tokens; members without one log in first. */
async function actAs(w: World, m: Member): Promise<string> {
  if (m.tokens.length === 0) {
    const res = await w.s.request({
      method: "POST",
      url: "/api/user/validate",
      payload: { email: m.email, password: PASSWORD },
    });
    expect(res.statusCode, `login ${m.email}`).toBe(200);
    m.tokens.push(res.json().token);
  }
  return m.tokens[0]!;
}

type Cmd = fc.AsyncCommand<object, World>;
/** Every command checks the invariants right after it ran. */
const cmd = (name: string, run: (w: World) => Promise<void>): Cmd => ({
  check: () => true,
  run: async (_m, w) => {
    await run(w);
    await checkInvariants(w);
  },
  toString: () => name,
});

const invite = (o: number, by: number, role: Role) =>
  cmd(`invite(org${o}, by${by}, ${role})`, async (w) => {
    const org = w.orgs[o]!;
    const actor = pick(org.members, by)!;
    const res = await w.s.request({
      method: "POST",
      url: "/api/invite",
      headers: token(await actAs(w, actor)),
      payload: { role },
    });
    if (actor.role !== "nanoAdmin") return void expect(res.statusCode).toBe(403);
    expect(res.statusCode).toBe(201);
    org.invites.push({ token: String(res.json().url).split("/").pop()!, role, used: false });
  });

const accept = (o: number, i: number) =>
  cmd(`accept(org${o}, invite${i})`, async (w) => {
    const org = w.orgs[o]!;
    const inv = pick(org.invites, i);
    if (!inv) return;
    const email = `m${seq++}-${Date.now()}@model.example`;
    const res = await w.s.request({
      method: "POST",
      url: `/api/invite/${inv.token}/accept`,
      payload: { email, password: PASSWORD },
    });
    if (inv.used) return void expect(res.statusCode).toBe(410);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.role).toBe(inv.role);
    inv.used = true;
    org.members.push({ id: res.json().user.id, email, role: inv.role, tokens: [res.json().token] });
  });

const changeRole = (o: number, by: number, target: number, role: Role) =>
  cmd(`role(org${o}, by${by}, target${target}, ${role})`, async (w) => {
    const org = w.orgs[o]!;
    const actor = pick(org.members, by)!;
    const t = pick(org.members, target)!;
    const res = await w.s.request({
      method: "PUT",
      url: "/api/user/permission",
      headers: token(await actAs(w, actor)),
      payload: { userId: t.id, role },
    });
    if (actor.role !== "nanoAdmin") return void expect(res.statusCode).toBe(403);
    if (t.role === "nanoAdmin" && role !== "nanoAdmin" && admins(org).length === 1)
      return void expect(res.statusCode).toBe(409);
    expect(res.statusCode).toBe(200);
    kill(w, t); // even an unchanged role ends the sessions
    t.role = role;
  });

const remove = (o: number, by: number, target: number) =>
  cmd(`delete(org${o}, by${by}, target${target})`, async (w) => {
    const org = w.orgs[o]!;
    const actor = pick(org.members, by)!;
    const t = pick(org.members, target)!;
    const res = await w.s.request({
      method: "DELETE",
      url: `/api/user/${t.id}`,
      headers: token(await actAs(w, actor)),
    });
    if (actor.role !== "nanoAdmin") return void expect(res.statusCode).toBe(403);
    if (actor === t || (t.role === "nanoAdmin" && admins(org).length === 1))
      return void expect(res.statusCode).toBe(409);
    expect(res.statusCode).toBe(200);
    kill(w, t);
    org.members.splice(org.members.indexOf(t), 1);
    w.gone.push({ id: t.id, email: t.email });
  });

const resetToken = (o: number, by: number, target: number) =>
  cmd(`reset(org${o}, by${by}, target${target})`, async (w) => {
    const org = w.orgs[o]!;
    const actor = pick(org.members, by)!;
    const t = pick(org.members, target)!;
    const res = await w.s.request({
      method: "PUT",
      url: "/api/user/tokenkey",
      headers: token(await actAs(w, actor)),
      payload: { userId: t.id },
    });
    if (actor.role !== "nanoAdmin") return void expect(res.statusCode).toBe(403);
    expect(res.statusCode).toBe(200);
    kill(w, t);
  });

const login = (o: number, who: number) =>
  cmd(`login(org${o}, member${who})`, async (w) => {
    const m = pick(w.orgs[o]!.members, who)!;
    const res = await w.s.request({
      method: "POST",
      url: "/api/user/validate",
      payload: { email: m.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    m.tokens.push(res.json().token);
  });

const rotateKey = (o: number) =>
  cmd(`rotate(org${o})`, async (w) => {
    const org = w.orgs[o]!;
    const res = await w.s.request({
      method: "POST",
      url: "/api/organisation/apikey/rotate",
      headers: { "x-bintu-apikey": org.apiKey },
    });
    expect(res.statusCode).toBe(200);
    w.deadKeys.push(org.apiKey);
    org.apiKey = res.json().apiKey;
  });

const toggleVod = (o: number, by: number, pub: boolean) =>
  cmd(`vod(org${o}, by${by}, ${pub})`, async (w) => {
    const org = w.orgs[o]!;
    const actor = pick(org.members, by)!;
    const res = await w.s.request({
      method: "PUT",
      url: "/api/organisation/vod",
      headers: token(await actAs(w, actor)),
      payload: { public: pub },
    });
    if (actor.role !== "nanoAdmin") return void expect(res.statusCode).toBe(403);
    expect(res.statusCode).toBe(200);
    org.vodPublic = pub;
  });

/** An admin of one organisation aims at a member of another: it must look like nobody is there. */
const crossOrg = (from: number, to: number, target: number, op: number) =>
  cmd(`cross(org${from} → org${to}, target${target}, op${op})`, async (w) => {
    if (from === to) return;
    const actor = admins(w.orgs[from]!)[0]!;
    const t = pick(w.orgs[to]!.members, target)!;
    const headers = token(await actAs(w, actor));
    const reqs = [
      { method: "DELETE" as const, url: `/api/user/${t.id}` },
      { method: "PUT" as const, url: "/api/user/permission", payload: { userId: t.id, role: "nanoReadOnly" } },
      { method: "PUT" as const, url: "/api/user/tokenkey", payload: { userId: t.id } },
    ];
    const req = reqs[op % reqs.length]!;
    const res = await w.s.request({ ...req, headers });
    const missing = await w.s.request({
      ...req,
      url: req.url.replace(t.id, crypto.randomUUID()),
      ...(req.payload ? { payload: { ...req.payload, userId: crypto.randomUUID() } } : {}),
      headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe(missing.body);
  });

/** What must hold after every step. */
async function checkInvariants(w: World): Promise<void> {
  const { s } = w;
  for (const org of w.orgs) {
    const rows = await s.database.db.selectFrom("users").select(["id", "role"]).where("org_id", "=", org.id).execute();
    expect(rows.filter((r) => r.role === "nanoAdmin").length).toBeGreaterThanOrEqual(1);
    expect(new Map(rows.map((r) => [r.id, r.role]))).toEqual(new Map(org.members.map((m) => [m.id, m.role])));
    for (const m of org.members) {
      for (const t of m.tokens) {
        const me = await s.request({ method: "GET", url: "/api/user/me", headers: token(t) });
        expect(me.statusCode, `live token of ${m.email}`).toBe(200);
        expect(me.json().user.role).toBe(m.role);
        expect(me.json().organisation.id).toBe(org.id);
      }
    }
    const byKey = await s.request({
      method: "GET",
      url: "/api/organisation",
      headers: { "x-bintu-apikey": org.apiKey },
    });
    expect(byKey.statusCode).toBe(200);
    expect(byKey.json().vodPublic).toBe(org.vodPublic);
    const list = await s.request({
      method: "GET",
      url: "/api/user?limit=100",
      headers: { "x-bintu-apikey": org.apiKey },
    });
    const emails = new Set(list.json().users.map((u: { email: string }) => u.email));
    expect(emails).toEqual(new Set(org.members.map((m) => m.email)));
  }
  for (const t of w.deadTokens)
    expect((await s.request({ method: "GET", url: "/api/user/me", headers: token(t) })).statusCode).toBe(401);
  for (const k of w.deadKeys)
    expect(
      (await s.request({ method: "GET", url: "/api/organisation", headers: { "x-bintu-apikey": k } })).statusCode,
    ).toBe(401);
  for (const g of w.gone) {
    const row = await s.database.db.selectFrom("users").select("id").where("id", "=", g.id).executeTakeFirst();
    expect(row).toBeUndefined();
  }
}

const ORG = fc.nat({ max: 2 });
const IDX = fc.nat({ max: 9 });
const ROLE = fc.constantFrom(...ROLES);
// Invitations and acceptances appear twice: they grow the organisations the other commands act on.
const commands = [
  fc.tuple(ORG, IDX, ROLE).map(([o, by, r]) => invite(o, by, r)),
  fc.tuple(ORG, IDX, ROLE).map(([o, by, r]) => invite(o, by, r)),
  fc.tuple(ORG, IDX).map(([o, i]) => accept(o, i)),
  fc.tuple(ORG, IDX).map(([o, i]) => accept(o, i)),
  fc.tuple(ORG, IDX, IDX, ROLE).map(([o, by, t, r]) => changeRole(o, by, t, r)),
  fc.tuple(ORG, IDX, IDX).map(([o, by, t]) => remove(o, by, t)),
  fc.tuple(ORG, IDX, IDX).map(([o, by, t]) => resetToken(o, by, t)),
  fc.tuple(ORG, IDX).map(([o, m]) => login(o, m)),
  ORG.map((o) => rotateKey(o)),
  fc.tuple(ORG, IDX, fc.boolean()).map(([o, by, p]) => toggleVod(o, by, p)),
  fc.tuple(ORG, ORG, IDX, IDX).map(([f, t, i, op]) => crossOrg(f, t, i, op)),
];

describeEachDatabase("model-based: people, credentials and settings over three organisations", (server) => {
  it("agrees with the model after every step of random command sequences", async () => {
    const s = server();
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 30, size: "max" }), async (cmds) => {
        const orgs: OrgModel[] = [];
        for (let i = 0; i < 3; i++) {
          const o = await buildOrg(s);
          orgs.push({
            id: o.id,
            members: [{ id: o.admin.id, email: o.admin.email, role: "nanoAdmin", tokens: [o.admin.token] }],
            invites: [],
            apiKey: o.apiKey,
            vodPublic: true,
          });
        }
        const world: World = { s, orgs, deadTokens: [], deadKeys: [], gone: [] };
        await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
