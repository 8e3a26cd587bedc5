import type { Kysely } from "kysely";

/**
 * A reset link ends when its issuer is demoted or deleted, so the issuer's open links are looked up
 * by `created_by`; without an index that would read every link of every organisation.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("password_resets_created_by_idx").on("password_resets").column("created_by").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("password_resets_created_by_idx").ifExists().execute();
}
