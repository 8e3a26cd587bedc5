import { sql, type Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listTags(q: Kysely<Schema>, orgId: string, opts: { limit: number; offset: number; q?: string }) {
  let base = q.selectFrom("stream_tags").where("org_id", "=", orgId);
  if (opts.q) base = base.where(sql<boolean>`lower(tag) like ${likePattern(opts.q)} escape '\\'`);
  const rows = await base
    .select((eb) => ["tag", eb.fn.countAll<number>().as("streams")])
    .groupBy("tag")
    .orderBy(sql`lower(tag)`)
    .orderBy("tag")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const total = await base.select((eb) => eb.fn.count<number>("tag").distinct().as("n")).executeTakeFirstOrThrow();
  return { tags: rows.map((r) => ({ name: r.tag, streams: Number(r.streams) })), total: Number(total.n) };
}

export async function streamsWithTag(q: Kysely<Schema>, orgId: string, tag: string): Promise<number> {
  const r = await q.selectFrom("stream_tags").select((eb) => eb.fn.countAll<number>().as("n")).where("org_id", "=", orgId).where("tag", "=", tag).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Renames on every stream; a stream that already carries the new name keeps a single copy. */
export async function renameTagEverywhere(q: Kysely<Schema>, orgId: string, from: string, to: string): Promise<void> {
  const already = await q.selectFrom("stream_tags").select("stream_id").where("org_id", "=", orgId).where("tag", "=", to).execute();
  const ids = already.map((r) => r.stream_id);
  if (ids.length > 0) await q.deleteFrom("stream_tags").where("org_id", "=", orgId).where("tag", "=", from).where("stream_id", "in", ids).execute();
  await q.updateTable("stream_tags").set({ tag: to }).where("org_id", "=", orgId).where("tag", "=", from).execute();
}

export async function removeTagEverywhere(q: Kysely<Schema>, orgId: string, tag: string): Promise<void> {
  await q.deleteFrom("stream_tags").where("org_id", "=", orgId).where("tag", "=", tag).execute();
}
