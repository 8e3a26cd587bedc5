import { PostgresAdapter, sql, type Kysely } from "kysely";

/**
 * Finding things in large organisations.
 * - Streams sort by name and by last update as one index range each: `(org_id, name)` and
 *   `(org_id, updated_at, id)`, only over streams that are not deleted (as `streams_list_idx`). Name
 *   prefix search is a range of the name index. On PostgreSQL the name is indexed in byte order
 *   (`COLLATE "C"`), so ranges, sort and cursors agree on both engines whatever the database's collation.
 * - Members: `last_active_at` (when the member last used a bintu token; written at most once every few
 *   minutes per token; backfilled from the tokens' last use) and an `(org_id, email_lower)` index for email prefix search and sort.
 * - Invitations: an optional `label` set by whoever invites, to tell two invitations of one role apart.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    await sql`CREATE INDEX streams_name_idx ON streams (org_id, name COLLATE "C") WHERE state <> 'deleted'`.execute(db);
    await sql`CREATE INDEX users_email_idx ON users (org_id, email_lower COLLATE "C", id)`.execute(db);
  } else {
    await db.schema
      .createIndex("streams_name_idx")
      .on("streams")
      .columns(["org_id", "name"])
      .where(sql.ref("state"), "<>", "deleted")
      .execute();
    await db.schema.createIndex("users_email_idx").on("users").columns(["org_id", "email_lower", "id"]).execute();
  }
  await db.schema
    .createIndex("streams_updated_idx")
    .on("streams")
    .columns(["org_id", "updated_at", "id"])
    .where(sql.ref("state"), "<>", "deleted")
    .execute();
  await db.schema.alterTable("users").addColumn("last_active_at", "bigint").execute();
  // An upgraded database knows when members last used a token: their tokens' latest use.
  await sql`UPDATE users SET last_active_at = (SELECT MAX(t.last_used_at) FROM tokens t WHERE t.user_id = users.id)`.execute(
    db,
  );
  await db.schema.alterTable("invites").addColumn("label", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("invites").dropColumn("label").execute();
  await db.schema.alterTable("users").dropColumn("last_active_at").execute();
  await db.schema.dropIndex("streams_updated_idx").ifExists().execute();
  await db.schema.dropIndex("users_email_idx").ifExists().execute();
  await db.schema.dropIndex("streams_name_idx").ifExists().execute();
}
