import type { Kysely, Selectable } from "kysely";
import type { Schema, UsersTable } from "../../db/schema.js";
import { addDelta, bumpCounters, readCounter } from "../../platform/counters.repo.js";

export type UserRow = Selectable<UsersTable>;

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

/** The list's sort key: oldest member first. */
export type UserKey = [createdAt: number, id: string];

export async function listUsers(
  q: Kysely<Schema>,
  orgId: string,
  opts: { role?: string | undefined; limit: number; offset: number; after: UserKey | null },
) {
  let base = q.selectFrom("users").where("org_id", "=", orgId);
  if (opts.role !== undefined) base = base.where("role", "=", opts.role);
  if (opts.after) {
    const [c, id] = opts.after;
    base = base.where((eb) => eb.or([eb("created_at", ">", c), eb.and([eb("created_at", "=", c), eb("id", ">", id)])]));
  }
  const rows = await base
    .selectAll()
    .orderBy("created_at")
    .orderBy("id")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  return { rows, total: await readCounter(q, orgId, opts.role !== undefined ? `users:r:${opts.role}` : "users") };
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
