import type { Kysely } from "kysely";

/**
 * Event endpoints and their delivery outbox. An event and its pending deliveries are written in the
 * transaction of the change that causes them, so a crash between the change and the send loses
 * nothing; dispatchers on any instance claim due deliveries from `event_deliveries`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("event_endpoints")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("enabled", "integer", (c) => c.notNull())
    // whsec_ secrets, AES-GCM under the server key; the previous one signs too until it expires.
    .addColumn("secret_enc", "text", (c) => c.notNull())
    .addColumn("previous_secret_enc", "text")
    .addColumn("previous_secret_expires_at", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "bigint", (c) => c.notNull())
    .addColumn("failing_since", "bigint")
    .addColumn("disabled_reason", "text")
    .execute();
  await db.schema
    .createIndex("event_endpoints_org_idx")
    .on("event_endpoints")
    .columns(["org_id", "created_at", "id"])
    .execute();

  await db.schema
    .createTable("events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_org_idx").on("events").columns(["org_id", "created_at"]).execute();

  await db.schema
    .createTable("event_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text", (c) => c.notNull().references("events.id").onDelete("cascade"))
    .addColumn("endpoint_id", "text", (c) => c.notNull().references("event_endpoints.id").onDelete("cascade"))
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    // Where the retry schedule restarts (a resend starts a new round of attempts on the same row).
    .addColumn("round_start", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "bigint")
    .addColumn("claimed_by", "text")
    .addColumn("claimed_until", "bigint")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  // The dispatcher's scan for due work, and the claim and in-flight count per endpoint.
  await db.schema
    .createIndex("event_deliveries_due_idx")
    .on("event_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("event_deliveries_endpoint_due_idx")
    .on("event_deliveries")
    .columns(["endpoint_id", "status", "next_attempt_at"])
    .execute();
  // The delivery log of an endpoint, newest first, paged by (created_at, id).
  await db.schema
    .createIndex("event_deliveries_list_idx")
    .on("event_deliveries")
    .columns(["endpoint_id", "created_at", "id"])
    .execute();
  await db.schema.createIndex("event_deliveries_event_idx").on("event_deliveries").column("event_id").execute();

  await db.schema
    .createTable("event_delivery_attempts")
    .addColumn("delivery_id", "text", (c) => c.notNull().references("event_deliveries.id").onDelete("cascade"))
    .addColumn("attempt", "integer", (c) => c.notNull())
    .addColumn("at", "bigint", (c) => c.notNull())
    .addColumn("response_status", "integer")
    .addColumn("latency_ms", "integer", (c) => c.notNull())
    .addColumn("error", "text")
    // One row per attempt number: a second writer of the same attempt fails instead of logging twice.
    .addPrimaryKeyConstraint("event_delivery_attempts_pk", ["delivery_id", "attempt"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("event_delivery_attempts").ifExists().execute();
  await db.schema.dropTable("event_deliveries").ifExists().execute();
  await db.schema.dropTable("events").ifExists().execute();
  await db.schema.dropTable("event_endpoints").ifExists().execute();
}
