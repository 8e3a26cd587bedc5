import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

/** The organisation of each stream (by primary key), for the live-update feed. */
export async function orgsOfStreams(q: Kysely<Schema>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await q.selectFrom("streams").select(["id", "org_id"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, r.org_id]));
}
