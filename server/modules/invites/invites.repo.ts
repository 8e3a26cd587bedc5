import { sql, type Kysely, type Selectable } from "kysely";
import type { InvitesTable, Schema } from "../../db/schema.js";

export type InviteRow = Selectable<InvitesTable>;

export async function insertInvite(q: Kysely<Schema>, row: InviteRow): Promise<void> {
  await q.insertInto("invites").values(row).execute();
}

/** The list's sort key: newest first. */
export type InviteKey = [createdAt: number, id: string];

/** Open invitations, newest first (the partial index of open invitations serves both queries). */
function pending(q: Kysely<Schema>, orgId: string, now: number) {
  return q
    .selectFrom("invites")
    .where("org_id", "=", orgId)
    .where(sql<boolean>`used_at IS NULL AND revoked_at IS NULL`)
    .where("expires_at", ">", now);
}

export function listPendingInvites(
  q: Kysely<Schema>,
  orgId: string,
  now: number,
  opts: { limit: number; offset: number; after: InviteKey | null },
) {
  let base = pending(q, orgId, now);
  if (opts.after) {
    const [c, id] = opts.after;
    base = base.where((eb) => eb.or([eb("created_at", "<", c), eb.and([eb("created_at", "=", c), eb("id", "<", id)])]));
  }
  return base
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** A member's open invitations (few: pending invitations per organisation are capped). */
export function listPendingCreatedBy(q: Kysely<Schema>, orgId: string, userId: string, now: number) {
  return pending(q, orgId, now).selectAll().where("created_by", "=", userId).execute();
}

export async function countPendingInvites(q: Kysely<Schema>, orgId: string, now: number): Promise<number> {
  const r = await pending(q, orgId, now)
    .select((eb) => eb.fn.countAll<number>().as("n"))
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
  await q
    .updateTable("invites")
    .set({ revoked_at: now })
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .execute();
}

export async function revokeInvitesCreatedBy(
  q: Kysely<Schema>,
  orgId: string,
  userId: string,
  now: number,
): Promise<number> {
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
