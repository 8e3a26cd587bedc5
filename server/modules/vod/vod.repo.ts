import type { Kysely, Selectable } from "kysely";
import type { Schema, VodAssetsTable } from "../../db/schema.js";

export type VodRow = Selectable<VodAssetsTable>;

export async function insertVod(q: Kysely<Schema>, row: VodRow): Promise<void> {
  await q.insertInto("vod_assets").values(row).execute();
}

export async function listVods(q: Kysely<Schema>, orgId: string, opts: { streamId?: string; status?: string; limit: number; offset: number }) {
  let base = q.selectFrom("vod_assets").where("org_id", "=", orgId);
  if (opts.streamId) base = base.where("stream_id", "=", opts.streamId);
  if (opts.status) base = base.where("status", "=", opts.status);
  const rows = await base.selectAll().orderBy("created_at", "desc").orderBy("id").limit(opts.limit).offset(opts.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export function findVod(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("vod_assets").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

/** A ready asset by its public address: organisation hash and file name. */
export function findReadyVodByFile(q: Kysely<Schema>, orgHash: string, fileName: string) {
  return q
    .selectFrom("vod_assets")
    .innerJoin("organisations", "organisations.id", "vod_assets.org_id")
    .innerJoin("streams", "streams.id", "vod_assets.stream_id")
    .selectAll("vod_assets")
    .select(["organisations.vod_public", "organisations.hash as org_hash"])
    .where("organisations.hash", "=", orgHash)
    .where("vod_assets.file_name", "=", fileName)
    .where("vod_assets.status", "=", "ready")
    .where("streams.state", "!=", "deleted")
    .executeTakeFirst();
}

export async function deleteVod(q: Kysely<Schema>, orgId: string, id: string): Promise<void> {
  await q.deleteFrom("vod_assets").where("org_id", "=", orgId).where("id", "=", id).execute();
}

/** A stream by id for the public stream page, with its organisation's VOD setting. */
export function findPublicStream(q: Kysely<Schema>, id: string) {
  return q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .selectAll("streams")
    .select(["organisations.vod_public", "organisations.hash as org_hash", "organisations.disabled as org_disabled"])
    .where("streams.id", "=", id)
    .where("streams.state", "!=", "deleted")
    .executeTakeFirst();
}
