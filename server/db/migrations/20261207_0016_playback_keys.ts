import type { Kysely } from "kysely";

/**
 * Playback signing keys (ES256). Customer keys keep only their public JWK: the private half is shown
 * once and forgotten. The one key orgdeck signs its own tokens with (`held_by = 'orgdeck'`, one per
 * organisation by the unique index; NULLs stay distinct for customer keys) has its private half sealed
 * with the server key.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("playback_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("kid", "text", (c) => c.notNull().unique())
    .addColumn("held_by", "text")
    .addColumn("name", "text")
    .addColumn("public_jwk", "text", (c) => c.notNull())
    .addColumn("private_key_enc", "text")
    .addColumn("created_at", "bigint", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("playback_keys_held_idx")
    .on("playback_keys")
    .columns(["org_id", "held_by"])
    .unique()
    .execute();
  await db.schema
    .createIndex("playback_keys_org_idx")
    .on("playback_keys")
    .columns(["org_id", "created_at", "id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("playback_keys").execute();
}
