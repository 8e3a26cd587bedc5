import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * The live-update change feed: one row per change a dashboard should hear of (a stream's state,
 * viewers, recordings, members, roles…), written in the change's own transaction. Every serving
 * instance reads it by id and fans the rows out to its open `GET /api/live-updates` streams. Rows
 * carry ids and kinds only (never names or secrets) and are pruned after minutes.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("live_changes")
    // AUTOINCREMENT on SQLite: ids never go back, even after every row was pruned.
    .addColumn("id", pg ? sql`bigint generated always as identity` : "integer", (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_id", "text")
    .addColumn("at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("live_changes_at_idx").on("live_changes").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("live_changes").ifExists().execute();
}
