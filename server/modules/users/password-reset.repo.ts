import { sql, type Kysely, type Selectable } from "kysely";
import type { PasswordResetsTable, Schema } from "../../db/schema.js";

export type PasswordResetRow = Selectable<PasswordResetsTable>;

export async function insertPasswordReset(q: Kysely<Schema>, row: PasswordResetRow): Promise<void> {
  await q.insertInto("password_resets").values(row).execute();
}

/** Only the newest link of a user works: the open ones before it are revoked. */
export async function revokeOpenPasswordResets(
  q: Kysely<Schema>,
  orgId: string,
  userId: string,
  now: number,
): Promise<number> {
  const r = await q
    .updateTable("password_resets")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .where(sql<boolean>`used_at IS NULL AND revoked_at IS NULL`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The link a token points at, with its user's email, when it is still usable (public lookup by digest). */
export function findLivePasswordReset(q: Kysely<Schema>, digest: string, now: number) {
  return q
    .selectFrom("password_resets")
    .innerJoin("users", "users.id", "password_resets.user_id")
    .innerJoin("organisations", "organisations.id", "password_resets.org_id")
    .selectAll("password_resets")
    .select(["users.email", "users.email_lower"])
    .where("password_resets.token_digest", "=", digest)
    .where(sql<boolean>`password_resets.used_at IS NULL AND password_resets.revoked_at IS NULL`)
    .where("password_resets.expires_at", ">", now)
    .where("organisations.disabled", "=", 0)
    .executeTakeFirst();
}

/** Single use: of any number of parallel claims exactly one flips the link to used. */
export async function claimPasswordReset(q: Kysely<Schema>, id: string, now: number): Promise<boolean> {
  const r = await q
    .updateTable("password_resets")
    .set({ used_at: now })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const open = sql<boolean>`password_resets.used_at IS NULL AND password_resets.revoked_at IS NULL`;

/** Ends the open links one member holds or has handed out (role change, deletion). */
export async function revokePasswordResetsOfOrBy(
  q: Kysely<Schema>,
  orgId: string,
  userId: string,
  now: number,
): Promise<number> {
  const r = await q
    .updateTable("password_resets")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where((eb) => eb.or([eb("user_id", "=", userId), eb("created_by", "=", userId)]))
    .where(open)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function revokePasswordReset(q: Kysely<Schema>, orgId: string, id: string, now: number): Promise<boolean> {
  const r = await q
    .updateTable("password_resets")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where(open)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A member's usable link (at most one: a new link replaces the open one), never its digest. */
export function findOpenPasswordResetOf(q: Kysely<Schema>, orgId: string, userId: string, now: number) {
  return q
    .selectFrom("password_resets")
    .select(["id", "user_id", "created_by", "created_by_label", "created_at", "expires_at"])
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .where(open)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .executeTakeFirst();
}

/** Usable links whose holder or issuer holds `role`: the ones a change of that role may break. */
export function findOpenPasswordResetsTouchingRole(q: Kysely<Schema>, orgId: string, role: string, now: number) {
  const holders = q.selectFrom("users").select("id").where("org_id", "=", orgId).where("role", "=", role);
  return q
    .selectFrom("password_resets")
    .select(["id", "user_id", "created_by"])
    .where("org_id", "=", orgId)
    .where((eb) => eb.or([eb("user_id", "in", holders), eb("created_by", "in", holders)]))
    .where(open)
    .where("expires_at", ">", now)
    .execute();
}
