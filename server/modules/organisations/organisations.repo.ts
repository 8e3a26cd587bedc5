import type { Kysely, Selectable, Updateable } from "kysely";
import { isPostgresDb } from "../../db/locks.js";
import { prepared } from "../../db/prepared.js";
import { ORG_COLUMNS, type OrganisationsTable, type Schema } from "../../db/schema.js";

export type OrganisationRow = Selectable<OrganisationsTable>;

export function findOrganisation(q: Kysely<Schema>, orgId: string) {
  return q.selectFrom("organisations").selectAll().where("id", "=", orgId).executeTakeFirst();
}

export function findOrganisationByHash(q: Kysely<Schema>, hash: string) {
  return q.selectFrom("organisations").selectAll().where("hash", "=", hash).executeTakeFirst();
}

const byKey = {
  api_key_digest: prepared(1, (q, digest: string) =>
    q.selectFrom("organisations").select(ORG_COLUMNS).where("api_key_digest", "=", digest).where("disabled", "=", 0),
  ),
  player_key_digest: prepared(1, (q, digest: string) =>
    q.selectFrom("organisations").select(ORG_COLUMNS).where("player_key_digest", "=", digest).where("disabled", "=", 0),
  ),
};

/** The organisation an API or player key belongs to (prepared: it runs on every request made with a key). */
export function findOrganisationByKeyDigest(
  q: Kysely<Schema>,
  column: "api_key_digest" | "player_key_digest",
  digest: string,
) {
  return byKey[column].first(q, digest);
}

export function listOrganisations(q: Kysely<Schema>) {
  return q.selectFrom("organisations").selectAll().orderBy("created_at").orderBy("id").execute();
}

export async function countOrganisations(q: Kysely<Schema>): Promise<number> {
  const row = await q
    .selectFrom("organisations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertOrganisation(q: Kysely<Schema>, row: OrganisationRow): Promise<void> {
  await q.insertInto("organisations").values(row).execute();
}

/**
 * The organisation's secrets, its row locked until the transaction ends, so concurrent rotations run
 * one after another, each reading what the one before wrote. PostgreSQL: FOR NO KEY UPDATE, which
 * still lets rows that reference the organisation be inserted meanwhile; SQLite: one writer anyway.
 */
export function lockOrganisationSecrets(q: Kysely<Schema>, orgId: string) {
  const query = q.selectFrom("organisations").select(["id", "hash", "webhook_secret_enc"]).where("id", "=", orgId);
  return (isPostgresDb(q) ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

export async function updateOrganisation(
  q: Kysely<Schema>,
  orgId: string,
  set: Updateable<OrganisationsTable>,
): Promise<void> {
  await q.updateTable("organisations").set(set).where("id", "=", orgId).execute();
}

/** Gives the organisation a webhook secret only if it has none (organisations from before migration 0011). */
export async function setMissingWebhookSecret(q: Kysely<Schema>, orgId: string, sealed: string): Promise<void> {
  await q
    .updateTable("organisations")
    .set({ webhook_secret_enc: sealed })
    .where("id", "=", orgId)
    .where("webhook_secret_enc", "is", null)
    .execute();
}

/** Organisations still without a webhook secret. */
export async function orgsWithoutWebhookSecret(q: Kysely<Schema>): Promise<string[]> {
  const rows = await q.selectFrom("organisations").select("id").where("webhook_secret_enc", "is", null).execute();
  return rows.map((r) => r.id);
}
