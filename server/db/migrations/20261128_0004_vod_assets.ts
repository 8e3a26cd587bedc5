import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("vod_assets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("stream_id", "text", (c) => c.notNull().references("streams.id").onDelete("cascade"))
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("size_bytes", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("duration_ms", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("vod_assets_org_idx").on("vod_assets").columns(["org_id", "created_at"]).execute();
  await db.schema.createIndex("vod_assets_stream_idx").on("vod_assets").columns(["stream_id", "created_at"]).execute();
  await db.schema
    .createIndex("vod_assets_file_idx")
    .on("vod_assets")
    .columns(["org_id", "file_name"])
    .unique()
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("vod_assets").ifExists().execute();
}
