import type { Kysely, Selectable } from "kysely";
import type { InvitesTable, Schema } from "../../db/schema.js";

export type InviteRow = Selectable<InvitesTable>;

export async function insertInvite(q: Kysely<Schema>, row: InviteRow): Promise<void> {
  await q.insertInto("invites").values(row).execute();
}

export function listPendingInvites(q: Kysely<Schema>, orgId: string, now: number) {
  return q
    .selectFrom("invites")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .orderBy("created_at", "desc")
    .execute();
}

export async function countPendingInvites(q: Kysely<Schema>, orgId: string, now: number): Promise<number> {
  const r = await q
    .selectFrom("invites")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function findInvite(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("invites").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

/** The invite a link points at, with its organisation's name (public lookup by token digest). */
export function findInviteByDigest(q: Kysely<Schema>, digest: string) {
  return q
    .selectFrom("invites")
    .innerJoin("organisations", "organisations.id", "invites.org_id")
    .selectAll("invites")
    .select(["organisations.name as org_name", "organisations.disabled as org_disabled"])
    .where("invites.token_digest", "=", digest)
    .executeTakeFirst();
}

export async function revokeInvite(q: Kysely<Schema>, orgId: string, id: string, now: number): Promise<void> {
  await q.updateTable("invites").set({ revoked_at: now }).where("org_id", "=", orgId).where("id", "=", id).where("revoked_at", "is", null).execute();
}

export async function revokeInvitesCreatedBy(q: Kysely<Schema>, orgId: string, userId: string, now: number): Promise<number> {
  const r = await q
    .updateTable("invites")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where("created_by", "=", userId)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Single use: only one caller can flip a pending invite to used; everyone else changes nothing. */
export async function claimInvite(q: Kysely<Schema>, id: string, now: number, userId: string): Promise<boolean> {
  const r = await q
    .updateTable("invites")
    .set({ used_at: now, used_by: userId })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
