import type { Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("ingest_calls")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text")
    .addColumn("stream_id", "text")
    .addColumn("stream_name", "text", (c) => c.notNull())
    .addColumn("call", "text", (c) => c.notNull())
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("receiver_status", "integer")
    .addColumn("latency_ms", "integer", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ingest_calls_org_idx").on("ingest_calls").columns(["org_id", "id"]).execute();
  await db.schema.createIndex("ingest_calls_stream_idx").on("ingest_calls").columns(["stream_id", "id"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ingest_calls").ifExists().execute();
}
