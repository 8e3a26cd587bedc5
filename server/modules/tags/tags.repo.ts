import { sql, type Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";
import { addTagDelta, applyTagDeltas, isPostgres, readCounter, type TagDeltas } from "../../platform/counters.repo.js";

/** The tag list's sort key: lower-cased name, then name. */
export type TagKey = [nameLower: string, name: string];

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The organisation's tags in name order from the maintained `tags` table (one index range). A search
 * `q` matches any part of the name, case-insensitively; from three characters on it is answered by
 * a trigram index (FTS5 on SQLite, pg_trgm on PostgreSQL), shorter ones scan only this organisation's tags.
 */
export async function listTags(
  q: Kysely<Schema>,
  orgId: string,
  opts: { limit: number; offset: number; after: TagKey | null; q?: string | undefined },
) {
  let base = q.selectFrom("tags").where("org_id", "=", orgId).where("streams", ">", 0);
  if (opts.q) {
    const needle = opts.q.toLowerCase();
    base = base.where(sql<boolean>`name_lower like ${likePattern(needle)} escape '\\'`);
    if (!isPostgres(q) && [...needle].length >= 3) {
      base = base.where(
        "id",
        "in",
        sql<number>`(SELECT rowid FROM tags_fts WHERE tags_fts MATCH ${`"${needle.replace(/"/g, '""')}"`})`,
      );
    }
  }
  let page = base;
  if (opts.after) {
    const [lower, name] = opts.after;
    page = page.where((eb) =>
      eb.or([eb("name_lower", ">", lower), eb.and([eb("name_lower", "=", lower), eb("name", ">", name)])]),
    );
  }
  const rows = await page
    .select(["name", "name_lower", "streams"])
    .orderBy("name_lower")
    .orderBy("name")
    .limit(opts.limit)
    .offset(opts.offset)
    .execute();
  const total = opts.q
    ? Number((await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)
    : await readCounter(q, orgId, "tags");
  return { rows: rows.map((r) => ({ name: r.name, nameLower: r.name_lower, streams: Number(r.streams) })), total };
}

/**
 * Renames and deletions of one organisation's tags run one at a time (PostgreSQL advisory lock until
 * the transaction ends; SQLite has a single writer): two of them crossing over the same rows would
 * otherwise deadlock.
 */
export async function lockTagChanges(q: Kysely<Schema>, orgId: string): Promise<void> {
  if (isPostgres(q)) await sql`SELECT pg_advisory_xact_lock(hashtext(${`tags:${orgId}`}))`.execute(q);
}

/** Streams carrying the tag, from its maintained count. */
export async function streamsWithTag(q: Kysely<Schema>, orgId: string, tag: string): Promise<number> {
  const r = await q
    .selectFrom("tags")
    .select("streams")
    .where("org_id", "=", orgId)
    .where("name", "=", tag)
    .executeTakeFirst();
  return Math.max(0, Number(r?.streams ?? 0));
}

/**
 * Renames on every stream; a stream that already carries the new name keeps a single copy. The
 * counts move with the rows actually changed (RETURNING), so they stay exact under concurrency.
 */
export async function renameTagEverywhere(q: Kysely<Schema>, orgId: string, from: string, to: string): Promise<void> {
  const deltas: TagDeltas = new Map();
  const dropped = await q
    .deleteFrom("stream_tags")
    .where("org_id", "=", orgId)
    .where("tag", "=", from)
    .where("stream_id", "in", (eb) =>
      eb.selectFrom("stream_tags as t").select("t.stream_id").where("t.org_id", "=", orgId).where("t.tag", "=", to),
    )
    .returning("state")
    .execute();
  for (const r of dropped) addTagDelta(deltas, from, r.state, -1);
  const moved = await q
    .updateTable("stream_tags")
    .set({ tag: to })
    .where("org_id", "=", orgId)
    .where("tag", "=", from)
    .returning("state")
    .execute();
  for (const r of moved) {
    addTagDelta(deltas, from, r.state, -1);
    addTagDelta(deltas, to, r.state, 1);
  }
  await applyTagDeltas(q, orgId, deltas);
}

export async function removeTagEverywhere(q: Kysely<Schema>, orgId: string, tag: string): Promise<void> {
  const removed = await q
    .deleteFrom("stream_tags")
    .where("org_id", "=", orgId)
    .where("tag", "=", tag)
    .returning("state")
    .execute();
  const deltas: TagDeltas = new Map();
  for (const r of removed) addTagDelta(deltas, tag, r.state, -1);
  await applyTagDeltas(q, orgId, deltas);
}
