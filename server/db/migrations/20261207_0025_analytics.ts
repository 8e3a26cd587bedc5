import type { Kysely } from "kysely";

/**
 * Usage analytics (modules/analytics). One table per granularity, each row one bucket of one scope of an
 * organisation: scope 'o' (the organisation, key ''), 's' (a stream, key = its id) or 't' (a tag, key =
 * its name). Exactly one instance writes each minute (a claim in `usage_claims`), adding its sample to
 * the minute, hour and day rows, so instances never count twice. `usage_viewers` holds each stream's
 * distinct viewers per hour (a digest, never an address) for the hour and day counts; kept 2 days.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ["usage_minutes", "usage_hours", "usage_days"]) {
    let t = db.schema
      .createTable(table)
      .addColumn("org_id", "text", (c) => c.notNull())
      .addColumn("scope", "text", (c) => c.notNull())
      .addColumn("key", "text", (c) => c.notNull())
      .addColumn("t", "bigint", (c) => c.notNull())
      .addColumn("published_minutes", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("viewer_minutes", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("peak_viewers", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("viewers", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("bytes_out", "bigint", (c) => c.notNull().defaultTo(0));
    // A stream's session and its media server's byte counter at the sample, for the next minute's delta.
    if (table === "usage_minutes") t = t.addColumn("session_since", "bigint").addColumn("bytes_mark", "bigint");
    await t.addPrimaryKeyConstraint(`${table}_pk`, ["org_id", "scope", "key", "t"]).execute();
    await db.schema.createIndex(`${table}_t_idx`).on(table).column("t").execute();
  }
  await db.schema
    .createTable("usage_viewers")
    .addColumn("stream_id", "text", (c) => c.notNull())
    .addColumn("hour", "bigint", (c) => c.notNull())
    .addColumn("viewer", "text", (c) => c.notNull())
    .addColumn("org_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("usage_viewers_pk", ["stream_id", "hour", "viewer"])
    .execute();
  await db.schema.createIndex("usage_viewers_hour_idx").on("usage_viewers").column("hour").execute();
  await db.schema
    .createTable("usage_claims")
    .addColumn("minute", "bigint", (c) => c.primaryKey())
    .addColumn("claimed_at", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["usage_claims", "usage_viewers", "usage_days", "usage_hours", "usage_minutes"])
    await db.schema.dropTable(table).ifExists().execute();
}
