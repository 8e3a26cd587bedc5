import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

/**
 * Of these token digests, the ones still live (not expired, not revoked, organisation enabled), with
 * their user's role and (for a custom role) its permissions: the same facts as the credential lookup
 * of every request, for many tokens in one query.
 */
export async function liveTokensByDigest(q: Kysely<Schema>, digests: readonly string[], now: number) {
  if (digests.length === 0) return [];
  return q
    .selectFrom("tokens")
    .innerJoin("users", "users.id", "tokens.user_id")
    .innerJoin("organisations", "organisations.id", "users.org_id")
    .leftJoin("roles", (j) => j.onRef("roles.org_id", "=", "users.org_id").onRef("roles.name", "=", "users.role"))
    .select([
      "tokens.digest",
      "tokens.created_at",
      "tokens.last_used_at",
      "tokens.expires_at",
      "users.id as user_id",
      "users.org_id",
      "users.role",
      "roles.permissions as role_permissions",
    ])
    .where("tokens.digest", "in", digests)
    .where("tokens.expires_at", ">", now)
    .where("organisations.disabled", "=", 0)
    .execute();
}
