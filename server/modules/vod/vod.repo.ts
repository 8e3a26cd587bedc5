import type { Kysely, Selectable } from "kysely";
import type { Schema, VodAssetsTable } from "../../db/schema.js";
import { bumpCounters, readCounter } from "../../platform/counters.repo.js";

export type VodRow = Selectable<VodAssetsTable>;

function counted(row: Pick<VodRow, "status" | "stream_id">, n: number) {
  return new Map([
    ["vod", n],
    [`vod:st:${row.status}`, n],
    [`vod:s:${row.stream_id}`, n],
  ]);
}

export async function insertVod(q: Kysely<Schema>, row: VodRow): Promise<void> {
  await q.insertInto("vod_assets").values(row).execute();
  await bumpCounters(q, row.org_id, counted(row, 1));
}

/** The list's sort key: newest first. */
export type VodKey = [createdAt: number, id: string];

export async function listVods(
  q: Kysely<Schema>,
  orgId: string,
  opts: { streamId?: string | undefined; status?: string; limit: number; offset: number; after?: VodKey | null },
) {
  let base = q.selectFrom("vod_assets").where("org_id", "=", orgId);
  if (opts.streamId) base = base.where("stream_id", "=", opts.streamId);
  if (opts.status) base = base.where("status", "=", opts.status);
  if (opts.after) {
    const [c, id] = opts.after;
    base = base.where((eb) => eb.or([eb("created_at", "<", c), eb.and([eb("created_at", "=", c), eb("id", "<", id)])]));
  }
  return base
    .selectAll()
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
}

/** Recordings of the organisation (of one stream, or with one status), from the maintained counts. */
export function countVods(
  q: Kysely<Schema>,
  orgId: string,
  by: { streamId?: string | undefined; status?: string },
): Promise<number> {
  return readCounter(q, orgId, by.streamId ? `vod:s:${by.streamId}` : by.status ? `vod:st:${by.status}` : "vod");
}

export function findVod(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("vod_assets").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

/**
 * A ready asset by its public address: organisation hash and file name. A recording outlives its
 * stream (as assets do on other platforms): it is served until the recording itself is deleted.
 */
export function findReadyVodByFile(q: Kysely<Schema>, orgHash: string, fileName: string) {
  return q
    .selectFrom("vod_assets")
    .innerJoin("organisations", "organisations.id", "vod_assets.org_id")
    .selectAll("vod_assets")
    .select(["organisations.vod_public", "organisations.hash as org_hash"])
    .where("organisations.hash", "=", orgHash)
    .where("vod_assets.file_name", "=", fileName)
    .where("vod_assets.status", "=", "ready")
    .executeTakeFirst();
}

export async function deleteVod(q: Kysely<Schema>, orgId: string, id: string): Promise<void> {
  const gone = await q
    .deleteFrom("vod_assets")
    .where("org_id", "=", orgId)
    .where("id", "=", id)
    .returning(["status", "stream_id"])
    .execute();
  for (const r of gone) await bumpCounters(q, orgId, counted(r, -1));
}

/** A stream by id for the public stream page, with its organisation's VOD setting. */
export function findPublicStream(q: Kysely<Schema>, id: string) {
  return q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .selectAll("streams")
    .select([
      "organisations.vod_public",
      "organisations.hash as org_hash",
      "organisations.disabled as org_disabled",
      "organisations.packages as org_packages",
    ])
    .where("streams.id", "=", id)
    .where("streams.state", "!=", "deleted")
    .executeTakeFirst();
}
