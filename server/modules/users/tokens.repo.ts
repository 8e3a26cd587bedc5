import type { Kysely } from "kysely";
import { ORG_COLUMNS, type Schema } from "../../db/schema.js";
import { prepared } from "../../db/prepared.js";
import type { OrgSnapshot } from "../../platform/actor.js";

export async function insertToken(
  q: Kysely<Schema>,
  row: {
    digest: string;
    user_id: string;
    org_id: string;
    created_at: number;
    expires_at: number;
    last_used_at: number;
  },
): Promise<void> {
  await q.insertInto("tokens").values(row).execute();
}

/**
 * The live token with its user, the user's organisation and (for a custom role) the role's
 * permissions, in one query: every authenticated request costs one round trip. Nothing when the
 * token is expired or revoked or the organisation disabled.
 */
const liveToken = prepared(2, (q, digest: string, now: number) =>
  q
    .selectFrom("tokens")
    .innerJoin("users", "users.id", "tokens.user_id")
    .innerJoin("organisations", "organisations.id", "users.org_id")
    .leftJoin("roles", (j) => j.onRef("roles.org_id", "=", "users.org_id").onRef("roles.name", "=", "users.role"))
    .select([
      "tokens.digest",
      "tokens.expires_at",
      "tokens.created_at",
      "tokens.last_used_at",
      "users.id as user_id",
      "users.email",
      "users.role",
      "roles.permissions as role_permissions",
    ])
    .select(ORG_COLUMNS.map((c) => `organisations.${c} as o_${c}` as const))
    .where("tokens.digest", "=", digest)
    .where("tokens.expires_at", ">", now)
    .where("organisations.disabled", "=", 0),
);

export async function findLiveToken(q: Kysely<Schema>, digest: string, now: number) {
  const row = await liveToken.first(q, digest, now);
  if (!row) return undefined;
  const org = Object.fromEntries(ORG_COLUMNS.map((c) => [c, row[`o_${c}`]])) as unknown as OrgSnapshot;
  return {
    digest: row.digest,
    expires_at: row.expires_at,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    user_id: row.user_id,
    org_id: org.id,
    email: row.email,
    role: row.role,
    role_permissions: row.role_permissions,
    org,
  };
}

/** Keeps a user's `keep` newest tokens and deletes the rest. */
export async function deleteOldestTokens(
  q: Kysely<Schema>,
  orgId: string,
  userId: string,
  keep: number,
): Promise<void> {
  const rows = await q
    .selectFrom("tokens")
    .select("digest")
    .where("user_id", "=", userId)
    .where("org_id", "=", orgId)
    .orderBy("created_at", "desc")
    .orderBy("digest")
    .limit(keep + 50)
    .execute();
  const old = rows.slice(keep).map((r) => r.digest);
  if (old.length > 0) await q.deleteFrom("tokens").where("org_id", "=", orgId).where("digest", "in", old).execute();
}

/** Records a request made with the token (for the idle limit) and the member's "last active". */
export async function touchToken(
  q: Kysely<Schema>,
  digest: string,
  now: number,
  user?: { orgId: string; userId: string },
): Promise<void> {
  await q.updateTable("tokens").set({ last_used_at: now }).where("digest", "=", digest).execute();
  if (user) await markActive(q, user.orgId, user.userId, now);
}

/** The member used a token now (sign-in, or a request at most every few minutes per token). */
export async function markActive(q: Kysely<Schema>, orgId: string, userId: string, now: number): Promise<void> {
  await q
    .updateTable("users")
    .set({ last_active_at: now })
    .where("org_id", "=", orgId)
    .where("id", "=", userId)
    .execute();
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
export async function deleteOtherUserTokens(
  q: Kysely<Schema>,
  orgId: string,
  userId: string,
  keepDigest: string,
): Promise<number> {
  const r = await q
    .deleteFrom("tokens")
    .where("org_id", "=", orgId)
    .where("user_id", "=", userId)
    .where("digest", "<>", keepDigest)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
