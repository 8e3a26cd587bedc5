import type { Kysely } from "kysely";

/**
 * HLS viewers, one row per stream and viewer (a digest of the token's subject or the client address),
 * with the last time any instance saw it fetch. Instances upsert their viewers in batches; a stream's
 * HLS viewers are the rows seen within the last 30 s, so several instances sum without counting a
 * viewer twice. No foreign key: rows outlive nothing for long (pruned after a minute unseen).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stream_hls_viewers")
    .addColumn("stream_id", "text", (c) => c.notNull())
    .addColumn("viewer", "text", (c) => c.notNull())
    .addColumn("last_seen", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("stream_hls_viewers_pk", ["stream_id", "viewer"])
    .execute();
  await db.schema.createIndex("stream_hls_viewers_seen_idx").on("stream_hls_viewers").column("last_seen").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stream_hls_viewers").ifExists().execute();
}
