import type { Kysely } from "kysely";

/**
 * Failed thumbnail captures in a row, per stream: each failure doubles the wait before the next try
 * (one interval, two, four … up to five minutes), so a stream the playout server cannot serve costs
 * one ffmpeg start every few minutes instead of one per interval. A success sets it back to 0.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("stream_thumbnails")
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("stream_thumbnails").dropColumn("failures").execute();
}
