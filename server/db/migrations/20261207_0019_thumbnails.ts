import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Thumbnails (Live Processing `thumbnail`): the latest JPEG of each stream, kept in the database so
 * every instance serves the same one without a shared folder, and the lease that lets exactly one
 * instance take the next one (`lease_until`: no capture of this stream before then). `jpeg` is null
 * until the first capture. Partial index: the scheduler walks live streams across organisations.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("stream_thumbnails")
    .addColumn("stream_id", "text", (c) => c.primaryKey().references("streams.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("jpeg", pg ? "bytea" : "blob")
    .addColumn("etag", "text")
    .addColumn("taken_at", "bigint")
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("lease_owner", "text")
    .addColumn("lease_until", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex("streams_live_idx")
    .on("streams")
    .column("id")
    .where(sql.ref("state"), "=", "live")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("streams_live_idx").ifExists().execute();
  await db.schema.dropTable("stream_thumbnails").ifExists().execute();
}
