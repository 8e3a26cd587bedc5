import { PostgresAdapter, sql, type Kysely } from "kysely";

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time and must not depend on today's schema types */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("organisations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("support_level", "text", (c) => c.notNull())
    .addColumn("analytics_level", "text", (c) => c.notNull())
    .addColumn("trial", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("packages", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("webhook", "text")
    .addColumn("vod_public", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("api_key_digest", "text", (c) => c.notNull().unique())
    .addColumn("api_key_enc", "text", (c) => c.notNull())
    .addColumn("api_key_last4", "text", (c) => c.notNull())
    .addColumn("api_key_created_at", "bigint", (c) => c.notNull())
    .addColumn("player_key_digest", "text", (c) => c.notNull().unique())
    .addColumn("player_key_enc", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("email_lower", "text", (c) => c.notNull().unique())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("token_key", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("users_org_idx").on("users").columns(["org_id", "role"]).execute();

  await db.schema
    .createTable("roles")
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("audiences", "text", (c) => c.notNull())
    .addColumn("permissions", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("roles_pk", ["org_id", "name"])
    .execute();

  await db.schema
    .createTable("tokens")
    .addColumn("digest", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("expires_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tokens_user_idx").on("tokens").column("user_id").execute();

  await db.schema
    .createTable("streams")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull().unique())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("streams_org_idx").on("streams").columns(["org_id", "created_at"]).execute();

  await db.schema
    .createTable("stream_tags")
    .addColumn("stream_id", "text", (c) => c.notNull().references("streams.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("tag", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("stream_tags_pk", ["stream_id", "tag"])
    .execute();
  await db.schema.createIndex("stream_tags_org_tag_idx").on("stream_tags").columns(["org_id", "tag"]).execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text")
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("actor_type", "text", (c) => c.notNull())
    .addColumn("actor_id", "text")
    .addColumn("actor_label", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("ip", "text")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("detail", "text")
    .addColumn("request_id", "text")
    .execute();
  await db.schema.createIndex("audit_org_idx").on("audit_events").columns(["org_id", "id"]).execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("count", "integer", (c) => c.notNull())
    .addColumn("reset_at", "bigint", (c) => c.notNull())
    .addColumn("blocked_until", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("settings")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .execute();

  // The audit log is append-only: the database itself refuses to change or remove a row.
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "settings",
    "rate_limits",
    "audit_events",
    "stream_tags",
    "streams",
    "tokens",
    "roles",
    "users",
    "organisations",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS audit_events_append_only()`.execute(db);
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
