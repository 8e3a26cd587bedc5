import type { Kysely, Selectable } from "kysely";
import type { IdempotencyKeysTable, Schema } from "../db/schema.js";

/** One kept request: the caller's organisation, scope (user or key kind) and the client's key. */
export interface IdempotencyId {
  org_id: string;
  scope: string;
  key: string;
}
export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

/** Claims the key as pending; throws the database's unique violation when it is taken. */
export async function insertPendingKey(
  db: Kysely<Schema>,
  id: IdempotencyId,
  fingerprint: string,
  now: number,
): Promise<void> {
  await db
    .insertInto("idempotency_keys")
    .values({ ...id, fingerprint, state: "pending", status: null, body_enc: null, created_at: now })
    .execute();
}

export function findKey(db: Kysely<Schema>, id: IdempotencyId): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("org_id", "=", id.org_id)
    .where("scope", "=", id.scope)
    .where("key", "=", id.key)
    .executeTakeFirst();
}

/** Deletes the key; with `createdAt`, only the row of that claim (a newer claim stays). */
export async function deleteKey(db: Kysely<Schema>, id: IdempotencyId, createdAt?: number): Promise<void> {
  let q = db
    .deleteFrom("idempotency_keys")
    .where("org_id", "=", id.org_id)
    .where("scope", "=", id.scope)
    .where("key", "=", id.key);
  if (createdAt !== undefined) q = q.where("created_at", "=", createdAt);
  await q.execute();
}

export async function completeKey(
  db: Kysely<Schema>,
  id: IdempotencyId,
  status: number,
  bodyEnc: string,
): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ state: "done", status, body_enc: bodyEnc })
    .where("org_id", "=", id.org_id)
    .where("scope", "=", id.scope)
    .where("key", "=", id.key)
    .execute();
}

/** Forgets answers created before `cutoff`. */
export async function deleteKeysBefore(db: Kysely<Schema>, cutoff: number): Promise<void> {
  await db.deleteFrom("idempotency_keys").where("created_at", "<", cutoff).execute();
}
