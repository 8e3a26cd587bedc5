import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("invites")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("token_digest", "text", (c) => c.notNull().unique())
    .addColumn("created_by", "text")
    .addColumn("created_by_label", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .addColumn("used_at", "bigint")
    .addColumn("used_by", "text")
    .addColumn("revoked_at", "bigint")
    .execute();
  await db.schema.createIndex("invites_org_idx").on("invites").columns(["org_id", "created_at"]).execute();
  await db.schema.createIndex("invites_creator_idx").on("invites").column("created_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("invites").ifExists().execute();
}
