import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

export async function insertToken(
  q: Kysely<Schema>,
  row: { digest: string; user_id: string; org_id: string; created_at: number; expires_at: number; last_used_at: number },
): Promise<void> {
  await q.insertInto("tokens").values(row).execute();
}

/** The live token with its user and organisation, or nothing when expired, revoked or disabled. */
export function findLiveToken(q: Kysely<Schema>, digest: string, now: number) {
  return q
    .selectFrom("tokens")
    .innerJoin("users", "users.id", "tokens.user_id")
    .innerJoin("organisations", "organisations.id", "users.org_id")
    .select([
      "tokens.digest",
      "tokens.expires_at",
      "tokens.created_at",
      "tokens.last_used_at",
      "users.id as user_id",
      "users.org_id",
      "users.email",
      "users.role",
    ])
    .where("tokens.digest", "=", digest)
    .where("tokens.expires_at", ">", now)
    .where("organisations.disabled", "=", 0)
    .executeTakeFirst();
}

/** Records a request made with the token (for the idle limit). */
export async function touchToken(q: Kysely<Schema>, digest: string, now: number): Promise<void> {
  await q.updateTable("tokens").set({ last_used_at: now }).where("digest", "=", digest).execute();
}

export async function deleteToken(q: Kysely<Schema>, orgId: string, digest: string): Promise<void> {
  await q.deleteFrom("tokens").where("org_id", "=", orgId).where("digest", "=", digest).execute();
}

/** Expired tokens are useless; sweeping them keeps the table small. */
export async function deleteExpiredTokens(q: Kysely<Schema>, now: number): Promise<void> {
  await q.deleteFrom("tokens").where("expires_at", "<=", now).execute();
}

/** Kills every bintu token of a user at once; each instance checks tokens in the database. */
export async function deleteUserTokens(q: Kysely<Schema>, orgId: string, userId: string): Promise<number> {
  const r = await q.deleteFrom("tokens").where("org_id", "=", orgId).where("user_id", "=", userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Kills every bintu token of a user but the one in `keepDigest` (the caller's own session). */
export async function deleteOtherUserTokens(q: Kysely<Schema>, orgId: string, userId: string, keepDigest: string): Promise<number> {
  const r = await q.deleteFrom("tokens").where("org_id", "=", orgId).where("user_id", "=", userId).where("digest", "<>", keepDigest).executeTakeFirst();
  return Number(r.numDeletedRows);
}
