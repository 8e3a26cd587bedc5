import type { Kysely } from "kysely";

/** Per-organisation limits the operator sets (JSON; null: the documented defaults). */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organisations").addColumn("limits", "text").execute();
  await db.schema.createIndex("tokens_user_created_idx").on("tokens").columns(["user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("tokens_user_created_idx").execute();
  await db.schema.alterTable("organisations").dropColumn("limits").execute();
}
