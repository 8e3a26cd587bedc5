import type { Kysely } from "kysely";

/**
 * Each organisation's secret for signing the calls to its webhook (Standard Webhooks form), sealed with
 * the server key, and the previous one during its 24 h rotation overlap. The server key never enters a
 * migration, so existing organisations get theirs from the organisations service: at start-up
 * (`fillMissingWebhookSecrets`) and, failing that, at first use; null means "not made yet".
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organisations").addColumn("webhook_secret_enc", "text").execute();
  await db.schema.alterTable("organisations").addColumn("webhook_previous_secret_enc", "text").execute();
  await db.schema.alterTable("organisations").addColumn("webhook_previous_secret_expires_at", "bigint").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("organisations").dropColumn("webhook_previous_secret_expires_at").execute();
  await db.schema.alterTable("organisations").dropColumn("webhook_previous_secret_enc").execute();
  await db.schema.alterTable("organisations").dropColumn("webhook_secret_enc").execute();
}
