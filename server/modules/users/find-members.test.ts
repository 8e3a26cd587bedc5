import { expect, it } from "vitest";
import { USER_SORTS, type MemberResponse } from "../../../contract/user.js";
import { describeEachDatabase, type TestServer } from "../../test/harness.js";
import { buildOrg, buildUser, login, type TestOrg } from "../../test/factories.js";

const byteCmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const ms = (iso: string | null) => (iso === null ? 0 : Date.parse(iso));

/** The promised ascending order of each sort (ties by joined time, then id); desc is its exact reverse. */
const ASC: Record<(typeof USER_SORTS)[number], (a: MemberResponse, b: MemberResponse) => number> = {
  email: (a, b) => byteCmp(a.email.toLowerCase(), b.email.toLowerCase()),
  role: (a, b) => byteCmp(a.role, b.role) || ms(a.createdAt) - ms(b.createdAt) || byteCmp(a.id, b.id),
  lastActive: (a, b) =>
    ms(a.lastActiveAt) - ms(b.lastActiveAt) || ms(a.createdAt) - ms(b.createdAt) || byteCmp(a.id, b.id),
  joined: (a, b) => ms(a.createdAt) - ms(b.createdAt) || byteCmp(a.id, b.id),
};

async function walk(s: TestServer, org: TestOrg, query: string, limit: number) {
  const rows: MemberResponse[] = [];
  let cursor: string | null = null;
  let total = -1;
  for (let pages = 0; pages < 50; pages++) {
    const url: string = `/api/user?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await s.request({ method: "GET", url, headers: org.admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ users: MemberResponse[]; next: string | null; total: number }>();
    rows.push(...body.users);
    total = body.total;
    cursor = body.next;
    if (!cursor) break;
  }
  return { rows, total };
}

async function seed(s: TestServer) {
  const org = await buildOrg(s);
  const other = await buildOrg(s);
  await buildUser(s, other, "nanoUser");
  const roles = ["nanoUser", "nanoReadOnly", "nanoAdmin"];
  for (let i = 0; i < 10; i++) {
    if (i % 2) s.clock.advance(1000);
    // Some sign in (active), some never do.
    await buildUser(s, org, roles[i % 3]!, { login: i % 3 !== 1 });
  }
  return { org, other };
}

describeEachDatabase("finding members", (server) => {
  it("walks every sort in both directions with cursors: each member exactly once, in order", async () => {
    const s = server();
    const { org } = await seed(s);
    const all = (await walk(s, org, "sort=joined", 100)).rows;
    expect(all).toHaveLength(11);
    expect(all.some((u) => u.lastActiveAt === null)).toBe(true);
    for (const sort of USER_SORTS) {
      for (const dir of ["asc", "desc"] as const) {
        const { rows, total } = await walk(s, org, `sort=${sort}&dir=${dir}`, 3);
        expect(total).toBe(11);
        const want = [...all].sort(ASC[sort]);
        if (dir === "desc") want.reverse();
        expect(
          rows.map((u) => u.id),
          `${sort} ${dir}`,
        ).toEqual(want.map((u) => u.id));
      }
    }
  });

  it("searches by email (any case, wildcards literal), never across organisations", async () => {
    const s = server();
    const { org } = await seed(s);
    const readOnly = await walk(s, org, "q=NANOREADONLY-&sort=email", 2);
    expect(readOnly.rows.length).toBe(3);
    expect(readOnly.total).toBe(3);
    expect(readOnly.rows.every((u) => u.email.startsWith("nanoreadonly-"))).toBe(true);
    // The other organisation's nanoUser is not found, whatever the search.
    const users = await walk(s, org, "q=nanouser", 2);
    expect(users.rows.length).toBe(4);
    expect(users.total).toBe(4);
    expect((await walk(s, org, "q=%25", 10)).rows).toHaveLength(0);
    expect((await walk(s, org, "q=_", 10)).rows).toHaveLength(0);
    const withRole = await walk(s, org, "q=example.com&role=nanoAdmin&sort=lastActive", 10);
    expect(withRole.rows.every((u) => u.role === "nanoAdmin")).toBe(true);
    expect(withRole.total).toBe(withRole.rows.length);
  });

  it("refuses bad sort, dir and search values with a 400 naming them", async () => {
    const s = server();
    const org = await buildOrg(s);
    for (const [query, name] of [
      ["sort=name", "sort"],
      ["dir=sideways", "dir"],
      ["q=", "q"],
      [`q=${"a".repeat(255)}`, "q"],
    ] as const) {
      const res = await s.request({ method: "GET", url: `/api/user?${query}`, headers: org.admin.headers });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message).toContain(name);
    }
  });

  it("records last active at sign-in and then at most once every five minutes per token", async () => {
    const s = server();
    const org = await buildOrg(s);
    const member = await buildUser(s, org, "nanoUser");
    const seen = async () =>
      (await walk(s, org, "sort=joined", 100)).rows.find((u) => u.id === member.id)!.lastActiveAt;
    const signedIn = await seen();
    expect(signedIn).toBe(new Date(s.clock.now()).toISOString());
    s.clock.advance(60_000);
    await s.request({ method: "GET", url: "/api/user/me", headers: member.headers });
    expect(await seen()).toBe(signedIn);
    s.clock.advance(4 * 60_000);
    await s.request({ method: "GET", url: "/api/user/me", headers: member.headers });
    const later = await seen();
    expect(later).toBe(new Date(s.clock.now()).toISOString());
    // A second sign-in counts too.
    s.clock.advance(1000);
    await login(s, member.email);
    expect(await seen()).toBe(new Date(s.clock.now()).toISOString());
  });

  it("invitations carry an optional label and their creator", async () => {
    const s = server();
    const org = await buildOrg(s);
    const make = (payload: object) =>
      s.request({ method: "POST", url: "/api/invite", headers: org.admin.headers, payload });
    const labelled = await make({ role: "nanoUser", label: "  Anna, video team " });
    expect(labelled.statusCode, labelled.body).toBe(201);
    expect(labelled.json().label).toBe("Anna, video team");
    const plain = await make({ role: "nanoUser" });
    expect(plain.json().label).toBeNull();
    const list = (await s.request({ method: "GET", url: "/api/invite", headers: org.admin.headers })).json();
    const byId = new Map(list.invites.map((i: { id: string }) => [i.id, i]));
    expect(byId.get(labelled.json().id)).toMatchObject({ label: "Anna, video team", createdBy: org.admin.email });
    expect(byId.get(plain.json().id)).toMatchObject({ label: null, createdBy: org.admin.email });
    for (const label of ["", "x".repeat(81), "bad\u202Elabel", 5]) {
      const res = await make({ role: "nanoUser", label });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain("label");
    }
  });
});
