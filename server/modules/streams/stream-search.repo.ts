import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import {
  CONTAINS_SCAN_MAX,
  STREAM_STATE_ORDER,
  type SortDirection,
  type StreamSort,
} from "../../../contract/stream.js";
import { COUNT_CAP } from "../../../contract/pagination.js";
import type { Schema } from "../../db/schema.js";
import { isPostgres, readCounter } from "../../platform/counters.repo.js";
import type { StreamRow } from "./streams.repo.js";

/**
 * The stream list in any order, with a name search: created, updated and name each walk one index range
 * (`streams_list_idx`, `streams_updated_idx`, `streams_name_idx`); `state` walks `streams_state_idx`
 * one state after another. A name prefix is a range of the name index; a substring search walks the
 * chosen order and looks at no more than CONTAINS_SCAN_MAX streams per request.
 */

/** The keyset of each sort: the last row's values, compared in the sort's direction. */
export type SortedKey = [number, string] | [string] | [number, number, string];

export interface SortedListOptions {
  tags: string[];
  state?: string | undefined;
  sort: StreamSort;
  dir: SortDirection;
  /** Names starting with this (already widened by the organisation's hash where that applies). */
  prefix?: string | undefined;
  /** Names containing this, any case. */
  contains?: string | undefined;
  /** Rows to fetch (the caller asks one more than it shows). */
  limit: number;
  offset: number;
  after: SortedKey | null;
}

export interface SortedPage {
  rows: StreamRow[];
  /** A contains search stopped at its bound before the page was full: continue after this row. */
  stoppedAt?: StreamRow;
}

const STATE_RANK: readonly string[] = [...STREAM_STATE_ORDER, "deleted"];
export const stateRank = (state: string): number => {
  const i = STATE_RANK.indexOf(state);
  return i < 0 ? STATE_RANK.length : i;
};

/** The name in byte order on both engines (PostgreSQL's index holds `name COLLATE "C"`). */
const nameExpr = (q: Kysely<Schema>): Expression<string> =>
  isPostgres(q) ? sql<string>`${sql.ref("name")} collate "C"` : sql<string>`${sql.ref("name")}`;

export function keyOf(sort: StreamSort, r: StreamRow): SortedKey {
  switch (sort) {
    case "created":
      return [r.created_at, r.id];
    case "updated":
      return [r.updated_at, r.id];
    case "name":
      return [r.name];
    case "state":
      return [stateRank(r.state), r.created_at, r.id];
  }
}

/** Escapes LIKE's wildcards (and the escape character itself). */
const likeContains = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Above this many prefix matches a list in another order walks that order's index, filtering names. */
const DENSE_PREFIX = 2000;

function filtered(
  q: Kysely<Schema>,
  orgId: string,
  opts: SortedListOptions & { prefixAsFilter?: boolean },
  onlyState?: string,
) {
  let b = q.selectFrom("streams").where("org_id", "=", orgId);
  const state = onlyState ?? opts.state;
  // Literals, not parameters: the planners then match the partial indexes (state <> 'deleted').
  if (state) b = b.where(sql<SqlBool>`state = ${sql.lit(state)}`);
  if (state !== "deleted") b = b.where(sql<SqlBool>`state <> 'deleted'`);
  for (const tag of opts.tags)
    b = b.where((eb) =>
      eb.exists(
        eb
          .selectFrom("stream_tags as o")
          .select("o.tag")
          .whereRef("o.stream_id", "=", "streams.id")
          .where("o.tag", "=", tag),
      ),
    );
  if (opts.prefix !== undefined && opts.prefixAsFilter) {
    // Not a range the planner could pick: many names match, so walking the list's order finds a page
    // sooner than sorting every match.
    b = b.where(sql<SqlBool>`substr(name, 1, ${opts.prefix.length}) = ${opts.prefix}`);
  } else if (opts.prefix !== undefined) {
    const name = nameExpr(q);
    // Names are ASCII, so every name starting with the prefix lies below prefix + U+FFFF.
    b = b.where(name, ">=", opts.prefix).where(name, "<", `${opts.prefix}\uffff`);
  }
  return b;
}

/** `n` rows in the sort's order after `after` (and past `offset` rows), filtered by tags, state and prefix. */
async function ordered(
  q: Kysely<Schema>,
  orgId: string,
  opts: SortedListOptions & { prefixAsFilter?: boolean },
  after: SortedKey | null,
  n: number,
  offset: number,
): Promise<StreamRow[]> {
  const dir = opts.dir;
  const cmp = dir === "desc" ? "<" : ">";
  if (opts.sort !== "state") {
    let b = filtered(q, orgId, opts);
    if (opts.sort === "name") {
      const name = nameExpr(q);
      if (after) b = b.where(name, cmp, (after as [string])[0]);
      return b.selectAll().orderBy(name, dir).limit(n).offset(offset).execute();
    }
    const col = opts.sort === "created" ? "created_at" : "updated_at";
    if (after) {
      const [v, id] = after as [number, string];
      b = b.where((eb) => eb.or([eb(col, cmp, v), eb.and([eb(col, "=", v), eb("id", cmp, id)])]));
    }
    return b.selectAll().orderBy(col, dir).orderBy("id", dir).limit(n).offset(offset).execute();
  }
  // State by state, in the state order (asc) or its reverse; newest first within a state for asc.
  const within = dir === "asc" ? "desc" : "asc";
  const wcmp = within === "desc" ? "<" : ">";
  let states = opts.state ? [opts.state] : [...STREAM_STATE_ORDER];
  if (dir === "desc") states = states.reverse();
  const out: StreamRow[] = [];
  let skip = offset;
  for (const state of states) {
    const rank = stateRank(state);
    const afterRank = after ? (after[0] as number) : undefined;
    if (afterRank !== undefined && (dir === "asc" ? rank < afterRank : rank > afterRank)) continue;
    let b = filtered(q, orgId, opts, state);
    if (after && rank === afterRank) {
      const [, c, id] = after as [number, number, string];
      b = b.where((eb) => eb.or([eb("created_at", wcmp, c), eb.and([eb("created_at", "=", c), eb("id", wcmp, id)])]));
    }
    const rows = await b
      .selectAll()
      .orderBy("created_at", within)
      .orderBy("id", within)
      .limit(n - out.length + skip)
      .execute();
    const taken = rows.slice(skip);
    skip = Math.max(0, skip - rows.length);
    out.push(...taken);
    if (out.length >= n) break;
  }
  return out.slice(0, n);
}

export async function listStreamsSorted(
  q: Kysely<Schema>,
  orgId: string,
  opts: SortedListOptions,
): Promise<SortedPage> {
  if (opts.contains === undefined) {
    // A prefix in another order than by name: few matches are read by the name range and sorted;
    // many (counted along the range, at most DENSE_PREFIX + 1) are found walking the order's index.
    let prefixAsFilter = false;
    if (opts.prefix !== undefined && opts.sort !== "name") {
      const sample = filtered(q, orgId, { ...opts, sort: "name" })
        .select(sql<number>`1`.as("one"))
        .limit(DENSE_PREFIX + 1)
        .as("p");
      const r = await q
        .selectFrom(sample)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      prefixAsFilter = Number(r.n) > DENSE_PREFIX;
    }
    return { rows: await ordered(q, orgId, { ...opts, prefixAsFilter }, opts.after, opts.limit, opts.offset) };
  }
  // A bounded walk in the list's order, in chunks, keeping the names that contain the text.
  const needle = opts.contains.toLowerCase();
  const need = opts.offset + opts.limit;
  const matches: StreamRow[] = [];
  let after = opts.after;
  let scanned = 0;
  const CHUNK = 1000;
  for (;;) {
    const n = Math.min(CHUNK, CONTAINS_SCAN_MAX - scanned);
    const rows = await ordered(q, orgId, opts, after, n, 0);
    scanned += rows.length;
    for (const r of rows) {
      if (!r.name.toLowerCase().includes(needle)) continue;
      matches.push(r);
      if (matches.length >= need) return { rows: matches.slice(opts.offset) };
    }
    if (rows.length < n) return { rows: matches.slice(opts.offset) };
    after = keyOf(opts.sort, rows.at(-1)!);
    if (scanned >= CONTAINS_SCAN_MAX) return { rows: matches.slice(opts.offset), stoppedAt: rows.at(-1)! };
  }
}

/**
 * The total of a filtered list: a prefix search counts up to COUNT_CAP matches (one index range); a
 * contains search counts matches among at most CONTAINS_SCAN_MAX streams, capped when there are more.
 */
export async function countStreamsSorted(
  q: Kysely<Schema>,
  orgId: string,
  opts: Pick<SortedListOptions, "tags" | "state" | "prefix" | "contains">,
): Promise<{ total: number; capped?: boolean }> {
  const full = { ...opts, sort: "created" as const, dir: "desc" as const, limit: 0, offset: 0, after: null };
  if (opts.contains !== undefined) {
    const sample = filtered(q, orgId, full)
      .select("name")
      .limit(CONTAINS_SCAN_MAX + 1)
      .as("s");
    const r = await q
      .selectFrom(sample)
      .select((eb) => [
        eb.fn.countAll<number>().as("seen"),
        sql<number>`coalesce(sum(case when lower(name) like ${likeContains(opts.contains!)} escape '\\' then 1 else 0 end), 0)`.as(
          "n",
        ),
      ])
      .executeTakeFirstOrThrow();
    const seen = Number(r.seen);
    return { total: Number(r.n), ...(seen > CONTAINS_SCAN_MAX ? { capped: true } : {}) };
  }
  if (opts.prefix === undefined && opts.tags.length === 0)
    return { total: await readCounter(q, orgId, opts.state ? `streams:${opts.state}` : "streams") };
  const bounded = filtered(q, orgId, full)
    .select(sql<number>`1`.as("one"))
    .limit(COUNT_CAP + 1)
    .as("b");
  const r = await q
    .selectFrom(bounded)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const n = Number(r.n);
  return { total: Math.min(n, COUNT_CAP), ...(n > COUNT_CAP ? { capped: true } : {}) };
}
