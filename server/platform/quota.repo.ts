import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.js";

/** The organisation's own limits as stored (JSON), or null for the defaults. */
export async function readOrgLimits(q: Kysely<Schema>, orgId: string): Promise<string | null> {
  return (
    (await q.selectFrom("organisations").select("limits").where("id", "=", orgId).executeTakeFirst())?.limits ?? null
  );
}
