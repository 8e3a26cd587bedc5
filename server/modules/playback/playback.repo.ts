import type { Insertable, Kysely, Selectable } from "kysely";
import type { PlaybackKeysTable, Schema } from "../../db/schema.js";

/** The only code that touches `playback_keys`. Every finder takes the orgId. */

export type PlaybackKeyRow = Selectable<PlaybackKeysTable>;

/** A key of the organisation by `kid` (orgdeck's own or a customer's), for verification. */
export function findKeyByKid(q: Kysely<Schema>, orgId: string, kid: string) {
  return q
    .selectFrom("playback_keys")
    .select(["id", "public_jwk"])
    .where("kid", "=", kid)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
}

/** The key orgdeck mints with, if it was made already. */
export function findHeldKey(q: Kysely<Schema>, orgId: string) {
  return q
    .selectFrom("playback_keys")
    .select(["kid", "private_key_enc"])
    .where("org_id", "=", orgId)
    .where("held_by", "=", "orgdeck")
    .executeTakeFirst();
}

/** Inserts orgdeck's key unless a concurrent request already made one (the unique index decides). */
export async function insertHeldKey(q: Kysely<Schema>, row: Insertable<PlaybackKeysTable>): Promise<void> {
  await q
    .insertInto("playback_keys")
    .values(row)
    .onConflict((oc) => oc.columns(["org_id", "held_by"]).doNothing())
    .execute();
}

export async function insertCustomerKey(q: Kysely<Schema>, row: Insertable<PlaybackKeysTable>): Promise<void> {
  await q.insertInto("playback_keys").values(row).execute();
}

export function listCustomerKeys(q: Kysely<Schema>, orgId: string): Promise<PlaybackKeyRow[]> {
  return q
    .selectFrom("playback_keys")
    .selectAll()
    .where("org_id", "=", orgId)
    .where("held_by", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function countCustomerKeys(q: Kysely<Schema>, orgId: string): Promise<number> {
  const r = await q
    .selectFrom("playback_keys")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .where("held_by", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Deletes a customer key (orgdeck's own cannot be); the deleted row's kid, or undefined when there was none. */
export async function deleteCustomerKey(q: Kysely<Schema>, orgId: string, id: string) {
  return q
    .deleteFrom("playback_keys")
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("held_by", "is", null)
    .returning(["kid", "name"])
    .executeTakeFirst();
}
