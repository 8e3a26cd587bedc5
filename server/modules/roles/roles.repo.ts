import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

export function findCustomRole(q: Kysely<Schema>, orgId: string, name: string) {
  return q.selectFrom("roles").selectAll().where("org_id", "=", orgId).where("name", "=", name).executeTakeFirst();
}
