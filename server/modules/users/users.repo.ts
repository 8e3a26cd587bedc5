import type { Kysely, Selectable } from "kysely";
import type { Schema, UsersTable } from "../../db/schema.js";

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

export async function insertUser(q: Kysely<Schema>, row: UserRow): Promise<void> {
  await q.insertInto("users").values(row).execute();
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

export async function listUsers(q: Kysely<Schema>, orgId: string, opts: { role?: string; limit: number; offset: number }) {
  let base = q.selectFrom("users").where("org_id", "=", orgId);
  if (opts.role !== undefined) base = base.where("role", "=", opts.role);
  const rows = await base.selectAll().orderBy("created_at").orderBy("id").limit(opts.limit).offset(opts.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
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

export async function updateUser(q: Kysely<Schema>, orgId: string, id: string, set: Partial<Pick<UserRow, "role" | "token_key">>): Promise<void> {
  await q.updateTable("users").set(set).where("org_id", "=", orgId).where("id", "=", id).execute();
}

export async function deleteUser(q: Kysely<Schema>, orgId: string, id: string): Promise<void> {
  await q.deleteFrom("users").where("org_id", "=", orgId).where("id", "=", id).execute();
}
