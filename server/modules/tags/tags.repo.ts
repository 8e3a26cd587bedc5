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
