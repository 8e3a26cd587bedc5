import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { Schema } from "../db/schema.js";

/**
 * Maintained totals per organisation (`counters` table), so no list has to count its rows.
 * A change bumps its counters in the transaction that makes it, as its last statements: the rows
 * stay locked only until the commit. PostgreSQL spreads every counter over SHARDS rows picked at
 * random, so concurrent writers rarely wait on each other; a read sums the shards.
 *
 * Keys: `streams`, `streams:<state>`, `tags`, `users`, `users:r:<role>`, `audit`, `audit:a:<action>`,
 * `ingest`, `ingest:d:<decision>`, `ingest:s:<streamId>`, `ingest:sd:<streamId>:<decision>`,
 * `vod`, `vod:st:<status>`, `vod:s:<streamId>`.
 */
const SHARDS = 8;

export type Deltas = Map<string, number>;

/** Adds `n` to `key` in `deltas` (creating it), for building up one change's counter updates. */
export function addDelta(deltas: Deltas, key: string, n: number): Deltas {
  deltas.set(key, (deltas.get(key) ?? 0) + n);
  return deltas;
}

export function isPostgres(q: Kysely<Schema>): boolean {
  return q.getExecutor().adapter instanceof PostgresAdapter;
}

/** Applies `deltas` to the organisation's counters in one statement (keys sorted: a fixed lock order). */
export async function bumpCounters(q: Kysely<Schema>, orgId: string, deltas: Deltas): Promise<void> {
  const keys = [...deltas.keys()].filter((k) => deltas.get(k) !== 0).sort();
  if (keys.length === 0) return;
  const shard = isPostgres(q) ? Math.floor(Math.random() * SHARDS) : 0;
  await q
    .insertInto("counters")
    .values(keys.map((key) => ({ org_id: orgId, key, shard, n: deltas.get(key)! })))
    .onConflict((oc) => oc.columns(["org_id", "key", "shard"]).doUpdateSet({ n: sql<number>`counters.n + excluded.n` }))
    .execute();
}

/** The current value of each key (0 when never counted). */
export async function readCounters(
  q: Kysely<Schema>,
  orgId: string,
  keys: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>(keys.map((k) => [k, 0]));
  if (keys.length === 0) return out;
  const rows = await q
    .selectFrom("counters")
    .select((eb) => ["key", eb.fn.sum<number | string>("n").as("n")])
    .where("org_id", "=", orgId)
    .where("key", "in", [...keys])
    .groupBy("key")
    .execute();
  for (const r of rows) out.set(r.key, Number(r.n));
  return out;
}

export async function readCounter(q: Kysely<Schema>, orgId: string, key: string): Promise<number> {
  return (await readCounters(q, orgId, [key])).get(key) ?? 0;
}

/** Every counter whose key starts with `prefix`, keyed by the rest of the key. */
export async function readCounterPrefix(
  q: Kysely<Schema>,
  orgId: string,
  prefix: string,
): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom("counters")
    .select((eb) => ["key", eb.fn.sum<number | string>("n").as("n")])
    .where("org_id", "=", orgId)
    .where("key", ">=", prefix)
    .where("key", "<", `${prefix}\uffff`)
    .groupBy("key")
    .execute();
  return new Map(rows.map((r) => [r.key.slice(prefix.length), Number(r.n)]));
}

/** Folds each counter's shards into one row; keeps the table small under heavy writing. */
export async function compactCounters(q: Kysely<Schema>): Promise<void> {
  if (!isPostgres(q)) return;
  await sql`WITH folded AS (
      DELETE FROM counters WHERE shard <> 0 RETURNING org_id, key, n
    ), sums AS (SELECT org_id, key, SUM(n) AS n FROM folded GROUP BY org_id, key)
    INSERT INTO counters (org_id, key, shard, n) SELECT org_id, key, 0, n FROM sums
    ON CONFLICT (org_id, key, shard) DO UPDATE SET n = counters.n + excluded.n`.execute(q);
}

/** Stream states a tag counts (a deleted stream carries no tags). */
export const COUNTED_STATES = ["created", "live", "ended", "locked"] as const;
type CountedState = (typeof COUNTED_STATES)[number];

/** Per tag: how many streams in each state it gains (+) or loses (−) with one change. */
export type TagDeltas = Map<string, Record<CountedState, number>>;

export function addTagDelta(deltas: TagDeltas, tag: string, state: string, n: number): TagDeltas {
  if (!(COUNTED_STATES as readonly string[]).includes(state)) return deltas;
  let d = deltas.get(tag);
  if (!d) {
    d = { created: 0, live: 0, ended: 0, locked: 0 };
    deltas.set(tag, d);
  }
  d[state as CountedState] += n;
  return deltas;
}

/**
 * Applies tag deltas to the `tags` rows (one upsert, names sorted: a fixed lock order) and counts the
 * tags that came into use or went out of it. Call it last in the transaction: a popular tag's row
 * stays locked from here to the commit. A tag whose count reaches 0 keeps its row until the
 * maintenance sweep, so concurrent writers never race a delete.
 */
export async function applyTagDeltas(q: Kysely<Schema>, orgId: string, deltas: TagDeltas): Promise<void> {
  const rows = [...deltas]
    .map(([name, d]) => ({ name, d, total: d.created + d.live + d.ended + d.locked }))
    .filter((r) => COUNTED_STATES.some((s) => r.d[s] !== 0))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (rows.length === 0) return;
  const totals = new Map(rows.map((r) => [r.name, r.total]));
  const out = await q
    .insertInto("tags")
    .values(
      rows.map((r) => ({
        org_id: orgId,
        name: r.name,
        name_lower: r.name.toLowerCase(),
        streams: r.total,
        n_created: r.d.created,
        n_live: r.d.live,
        n_ended: r.d.ended,
        n_locked: r.d.locked,
      })),
    )
    .onConflict((oc) =>
      oc.columns(["org_id", "name"]).doUpdateSet({
        streams: sql<number>`tags.streams + excluded.streams`,
        n_created: sql<number>`tags.n_created + excluded.n_created`,
        n_live: sql<number>`tags.n_live + excluded.n_live`,
        n_ended: sql<number>`tags.n_ended + excluded.n_ended`,
        n_locked: sql<number>`tags.n_locked + excluded.n_locked`,
      }),
    )
    .returning(["name", "streams"])
    .execute();
  let used = 0;
  for (const r of out) {
    const after = Number(r.streams);
    const before = after - (totals.get(r.name) ?? 0);
    if (before <= 0 && after > 0) used++;
    else if (before > 0 && after <= 0) used--;
  }
  if (used !== 0) await bumpCounters(q, orgId, new Map([["tags", used]]));
}

/** Removes tags no stream carries any more (kept at 0 by applyTagDeltas until now). */
export async function sweepUnusedTags(q: Kysely<Schema>): Promise<void> {
  await q.deleteFrom("tags").where("streams", "<=", 0).execute();
}
