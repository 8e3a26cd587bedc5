import { sql, type Kysely, type Selectable, type SqlBool } from "kysely";
import type { Schema, UsersTable } from "../../db/schema.js";
import { addDelta, bumpCounters, isPostgres, readCounter } from "../../platform/counters.repo.js";

/** A member as inserted and read by most code; `last_active_at` is read only by the member list. */
export type UserRow = Omit<Selectable<UsersTable>, "last_active_at">;

/** Login is the one lookup not scoped by organisation: the email decides which organisation it is. */
export function findUserByEmailForLogin(q: Kysely<Schema>, emailLower: string) {
  return q
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.org_id")
    .selectAll("users")
    .select("organisations.disabled as org_disabled")
    .where("users.email_lower", "=", emailLower)
    .executeTakeFirst();
}

export function findUser(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("users").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

/** Inserts members (of one organisation) and counts them, in the caller's transaction. */
export async function insertUsers(q: Kysely<Schema>, orgId: string, rows: readonly UserRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await q
      .insertInto("users")
      .values(rows.slice(i, i + 1000))
      .execute();
  const deltas = new Map([["users", rows.length]]);
  for (const r of rows) addDelta(deltas, `users:r:${r.role}`, 1);
  await bumpCounters(q, orgId, deltas);
}

export async function insertUser(q: Kysely<Schema>, row: UserRow): Promise<void> {
  await insertUsers(q, row.org_id, [row]);
}

export async function updatePasswordHash(q: Kysely<Schema>, orgId: string, id: string, hash: string): Promise<void> {
  await q.updateTable("users").set({ password_hash: hash }).where("org_id", "=", orgId).where("id", "=", id).execute();
}

/** The user and the name of its organisation, for /api/user/me. */
export function findUserWithOrg(q: Kysely<Schema>, orgId: string, id: string) {
  return q
    .selectFrom("users")
    .innerJoin("organisations", "organisations.id", "users.org_id")
    .selectAll("users")
    .select(["organisations.name as org_name", "organisations.hash as org_hash"])
    .where("users.org_id", "=", orgId)
    .where("users.id", "=", id)
    .executeTakeFirst();
}

/** The list's sort key: the sorted value (email, role or time), then creation time and id. */
export type UserKey = [createdAt: number, id: string];
export type MemberKey = [value: string | number, createdAt: number, id: string];
export type MemberSort = "email" | "role" | "lastActive" | "joined";

/** Escapes LIKE's wildcards (and the escape character itself). */
const likeContains = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The organisation's members in one of four orders, optionally those whose email contains `q` (any
 * case). Joined and role walk `users_list_idx` / `users_role_idx`, email `users_email_idx`; an email
 * search and "last active" scan the organisation's members, which the members limit keeps small.
 */
export async function listUsers(
  q: Kysely<Schema>,
  orgId: string,
  opts: {
    role?: string | undefined;
    q?: string | undefined;
    sort?: MemberSort;
    dir?: "asc" | "desc";
    limit: number;
    offset: number;
    after: MemberKey | null;
  },
) {
  const sort = opts.sort ?? "joined";
  const dir = opts.dir ?? "asc";
  const cmp = dir === "desc" ? "<" : ">";
  let base = q.selectFrom("users").where("org_id", "=", orgId);
  if (opts.role !== undefined) base = base.where("role", "=", opts.role);
  if (opts.q !== undefined) base = base.where(sql<SqlBool>`email_lower like ${likeContains(opts.q)} escape '\\'`);
  const value =
    sort === "email"
      ? sql<string>`${sql.ref("email_lower")}${isPostgres(q) ? sql` collate "C"` : sql``}`
      : sort === "role"
        ? sql<string>`${sql.ref("role")}${isPostgres(q) ? sql` collate "C"` : sql``}`
        : sort === "lastActive"
          ? sql<number>`coalesce(${sql.ref("last_active_at")}, 0)`
          : sql<number>`${sql.ref("created_at")}`;
  let page = base;
  if (opts.after) {
    const [v, c, id] = opts.after;
    page = page.where((eb) =>
      eb.or([
        eb(value, cmp, v),
        eb.and([eb(value, "=", v), eb("created_at", cmp, c)]),
        eb.and([eb(value, "=", v), eb("created_at", "=", c), eb("id", cmp, id)]),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    page
      .selectAll()
      .orderBy(value, dir)
      .orderBy("created_at", dir)
      .orderBy("id", dir)
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    opts.q === undefined
      ? readCounter(q, orgId, opts.role !== undefined ? `users:r:${opts.role}` : "users")
      : base
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
  ]);
  return { rows, total };
}

/** The cursor key of a member row in the given sort. */
export function memberKeyOf(sort: MemberSort, r: Selectable<UsersTable>): MemberKey {
  const v =
    sort === "email"
      ? r.email_lower
      : sort === "role"
        ? r.role
        : sort === "lastActive"
          ? (r.last_active_at ?? 0)
          : r.created_at;
  return [v, r.created_at, r.id];
}

export async function countAdmins(q: Kysely<Schema>, orgId: string): Promise<number> {
  const row = await q
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .where("role", "=", "nanoAdmin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateTokenKey(q: Kysely<Schema>, orgId: string, id: string, tokenKey: string): Promise<void> {
  await q.updateTable("users").set({ token_key: tokenKey }).where("org_id", "=", orgId).where("id", "=", id).execute();
}

/** Moves the member from role `from` to `to` (call with the organisation locked) and moves its count. */
export async function updateRole(
  q: Kysely<Schema>,
  orgId: string,
  id: string,
  from: string,
  to: string,
): Promise<void> {
  const r = await q
    .updateTable("users")
    .set({ role: to })
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("role", "=", from)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1 && from !== to)
    await bumpCounters(
      q,
      orgId,
      new Map([
        [`users:r:${from}`, -1],
        [`users:r:${to}`, 1],
      ]),
    );
}

export async function deleteUser(q: Kysely<Schema>, orgId: string, id: string): Promise<void> {
  const gone = await q.deleteFrom("users").where("org_id", "=", orgId).where("id", "=", id).returning("role").execute();
  for (const r of gone)
    await bumpCounters(
      q,
      orgId,
      new Map([
        ["users", -1],
        [`users:r:${r.role}`, -1],
      ]),
    );
}
