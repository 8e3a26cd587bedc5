import type { Kysely } from "kysely";

/**
 * What orgdeck knows about a stream while it is live: which media server node holds the publisher,
 * since when, from which address, how many viewers, the last callback, and the last /stat sample.
 * One row per stream that was ever live: the current session while it is live, the last one after
 * (publish_done is forwarded with that session's duration and byte counts, also after a stop).
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("stream_live")
    .addColumn("stream_id", "text", (c) => c.primaryKey().references("streams.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("app", "text", (c) => c.notNull())
    .addColumn("node", "text")
    .addColumn("since", "bigint", (c) => c.notNull())
    .addColumn("publisher_addr", "text")
    .addColumn("client_id", "text")
    .addColumn("last_callback_at", "bigint", (c) => c.notNull())
    .addColumn("last_seen_at", "bigint", (c) => c.notNull())
    .addColumn("viewers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("bytes_in", "bigint")
    .addColumn("bytes_out", "bigint")
    .addColumn("stat_missing_since", "bigint")
    .execute();
  await db.schema.createIndex("stream_live_seen_idx").on("stream_live").column("last_seen_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("stream_live").ifExists().execute();
}
