import { sql, type Kysely } from "kysely";
import type { DialectName } from "./database.js";
import type { Schema } from "./schema.js";

/**
 * Serialises changes to an organisation's membership inside a transaction. PostgreSQL locks the
 * organisation row until commit; SQLite needs nothing more, as its one connection runs one
 * transaction at a time.
 */
export async function lockOrganisation(q: Kysely<Schema>, dialect: DialectName, orgId: string): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`SELECT id FROM organisations WHERE id = ${orgId} FOR UPDATE`.execute(q);
}
