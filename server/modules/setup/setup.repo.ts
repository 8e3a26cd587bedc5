import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

export async function getSetting(q: Kysely<Schema>, key: string): Promise<string | undefined> {
  return (await q.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst())?.value;
}

export async function putSetting(q: Kysely<Schema>, key: string, value: string): Promise<void> {
  await q
    .insertInto("settings")
    .values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value }))
    .execute();
}

/** Deletes the setting and tells whether this call was the one that removed it. */
export async function takeSetting(q: Kysely<Schema>, key: string, value: string): Promise<boolean> {
  const r = await q.deleteFrom("settings").where("key", "=", key).where("value", "=", value).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}
