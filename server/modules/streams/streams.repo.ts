import { sql, type Kysely, type Selectable } from "kysely";
import { COUNT_CAP } from "../../../contract/pagination.js";
import { prepared } from "../../db/prepared.js";
import { STREAM_COLUMNS, type Schema, type StreamLiveTable, type StreamsTable } from "../../db/schema.js";
import {
  addDelta,
  addTagDelta,
  applyTagDeltas,
  bumpCounters,
  isPostgres,
  readCounters,
  type Deltas,
  type TagDeltas,
} from "../../platform/counters.repo.js";

export type StreamRow = Selectable<StreamsTable>;

/** The sort key of the stream list: newest first. */
export type StreamKey = [createdAt: number, id: string];

/**
 * Inserts streams with their tags and keeps every count in step, in the caller's transaction.
 * Rows of one call belong to one organisation; large batches are split to fit parameter limits.
 */
export async function insertStreams(
  q: Kysely<Schema>,
  orgId: string,
  items: ReadonlyArray<{ row: StreamRow; tags: readonly string[] }>,
): Promise<void> {
  const tagDeltas: TagDeltas = new Map();
  const counters: Deltas = new Map();
  for (let i = 0; i < items.length; i += 1000) {
    await q
      .insertInto("streams")
      .values(items.slice(i, i + 1000).map((it) => it.row))
      .execute();
  }
  const tagRows = items.flatMap(({ row, tags }) =>
    tags.map((tag) => ({ stream_id: row.id, org_id: orgId, tag, state: row.state, created_at: row.created_at })),
  );
  for (let i = 0; i < tagRows.length; i += 2000)
    await q
      .insertInto("stream_tags")
      .values(tagRows.slice(i, i + 2000))
      .execute();
  for (const { row, tags } of items) {
    for (const tag of tags) addTagDelta(tagDeltas, tag, row.state, 1);
    addDelta(counters, `streams:${row.state}`, 1);
    if (row.state !== "deleted") addDelta(counters, "streams", 1);
  }
  await bumpCounters(q, orgId, counters);
  await applyTagDeltas(q, orgId, tagDeltas);
}

/** The stream, locked until the transaction ends (PostgreSQL; SQLite runs one writer at a time). */
export function lockStream(q: Kysely<Schema>, orgId: string, id: string) {
  const query = q.selectFrom("streams").selectAll().where("org_id", "=", orgId).where("id", "=", id);
  return (isPostgres(q) ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * Makes `tags` the stream's tags. Counts follow the rows actually removed and added (RETURNING), so
 * they stay exact whatever runs beside this. Call with the stream locked.
 */
export async function replaceTags(q: Kysely<Schema>, stream: StreamRow, tags: readonly string[]): Promise<void> {
  // By primary key: `stream` was found in its organisation and is locked.
  let del = q.deleteFrom("stream_tags").where("stream_id", "=", stream.id);
  if (tags.length > 0) del = del.where("tag", "not in", [...tags]);
  const removed = await del.returning(["tag", "state"]).execute();
  const added =
    tags.length === 0
      ? []
      : await q
          .insertInto("stream_tags")
          .values(
            tags.map((tag) => ({
              stream_id: stream.id,
              org_id: stream.org_id,
              tag,
              state: stream.state,
              created_at: stream.created_at,
            })),
          )
          .onConflict((oc) => oc.columns(["stream_id", "tag"]).doNothing())
          .returning(["tag", "state"])
          .execute();
  const tagDeltas: TagDeltas = new Map();
  for (const r of removed) addTagDelta(tagDeltas, r.tag, r.state, -1);
  for (const r of added) addTagDelta(tagDeltas, r.tag, r.state, 1);
  await applyTagDeltas(q, stream.org_id, tagDeltas);
}

/** Moves the stream (and the copies of its state on its tags) to `state`. Call with the stream locked. */
export async function setState(q: Kysely<Schema>, stream: StreamRow, state: string, now: number): Promise<void> {
  await q
    .updateTable("streams")
    .set({ state, updated_at: now })
    .where("org_id", "=", stream.org_id)
    .where("id", "=", stream.id)
    .execute();
  if (state === stream.state) return;
  const moved = await q
    .updateTable("stream_tags")
    .set({ state })
    .where("stream_id", "=", stream.id)
    .where("state", "=", stream.state)
    .returning("tag")
    .execute();
  const tagDeltas: TagDeltas = new Map();
  for (const r of moved) {
    addTagDelta(tagDeltas, r.tag, stream.state, -1);
    addTagDelta(tagDeltas, r.tag, state, 1);
  }
  const counters: Deltas = new Map();
  addDelta(counters, `streams:${stream.state}`, -1);
  addDelta(counters, `streams:${state}`, 1);
  if (state === "deleted") addDelta(counters, "streams", -1);
  if (stream.state === "deleted") addDelta(counters, "streams", 1);
  await bumpCounters(q, stream.org_id, counters);
  await applyTagDeltas(q, stream.org_id, tagDeltas);
}

export function findStream(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("streams").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

const byName = prepared(1, (q, name: string) =>
  q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .select(STREAM_COLUMNS.map((c) => `streams.${c}` as const))
    .select([
      "organisations.webhook",
      "organisations.disabled as org_disabled",
      "organisations.packages as org_packages",
      "organisations.hash as org_hash",
    ])
    .where("streams.name", "=", name),
);

/**
 * The media server knows only the stream name, which is globally unique (it starts with the org
 * hash). Prepared: it runs once per viewer.
 */
export function findStreamByName(q: Kysely<Schema>, name: string) {
  return byName.first(q, name);
}

export async function tagsOf(
  q: Kysely<Schema>,
  orgId: string,
  streamIds: readonly string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(streamIds.map((id) => [id, []]));
  if (streamIds.length === 0) return out;
  // Looked up by primary key only; the organisation is checked on each row here, because a planner
  // without statistics would otherwise walk the organisation's whole (org_id, …) index instead.
  const rows = await q
    .selectFrom("stream_tags")
    .select(["stream_id", "tag", "org_id"])
    .where("stream_id", "in", streamIds)
    .orderBy("stream_id")
    .orderBy("tag")
    .execute();
  for (const r of rows) if (r.org_id === orgId) out.get(r.stream_id)?.push(r.tag);
  return out;
}

/** Which of `names` some stream of the organisation carries now (a tag at 0 awaiting the sweep does not count). */
export async function tagsInUse(q: Kysely<Schema>, orgId: string, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await q
    .selectFrom("tags")
    .select("name")
    .where("org_id", "=", orgId)
    .where("name", "in", [...names])
    .where("streams", ">", 0)
    .execute();
  return new Set(rows.map((r) => r.name));
}

export interface StreamListOptions {
  tags: string[];
  state?: string | undefined;
  /** Newest first (default) or oldest first. */
  dir?: "asc" | "desc";
  /** Rows to fetch (the caller asks one more than it shows, to know whether a next page exists). */
  limit: number;
  offset: number;
  after: StreamKey | null;
}

/**
 * One index range per filter: the organisation's streams by (created_at, id), by state, or the
 * rarest requested tag's entries in `stream_tags` (which carry state and creation time), newest first.
 */
export async function listStreams(
  q: Kysely<Schema>,
  orgId: string,
  opts: StreamListOptions,
): Promise<{ rows: StreamRow[]; total: number; capped?: boolean }> {
  if (opts.tags.length === 0) {
    let base = q.selectFrom("streams").selectAll().where("org_id", "=", orgId);
    // A literal, not a parameter: the planners then use the partial index of live streams.
    base = opts.state ? base.where("state", "=", opts.state) : base.where(sql<boolean>`state <> 'deleted'`);
    const dir = opts.dir ?? "desc";
    const cmp = dir === "desc" ? "<" : ">";
    if (opts.after) {
      const [c, id] = opts.after;
      base = base.where((eb) =>
        eb.or([eb("created_at", cmp, c), eb.and([eb("created_at", "=", c), eb("id", cmp, id)])]),
      );
    }
    const key = opts.state ? `streams:${opts.state}` : "streams";
    // Independent reads: on PostgreSQL they run side by side on two connections.
    const [rows, counts] = await Promise.all([
      base.orderBy("created_at", dir).orderBy("id", dir).limit(opts.limit).offset(opts.offset).execute(),
      readCounters(q, orgId, [key]),
    ]);
    return { rows, total: counts.get(key) ?? 0 };
  }

  const counts = await tagCounts(q, orgId, opts.tags, opts.state);
  if (opts.state === "deleted" || opts.tags.some((t) => !counts.has(t) || counts.get(t) === 0))
    return { rows: [], total: 0 };
  const [drive, ...others] = [...opts.tags].sort((a, b) => counts.get(a)! - counts.get(b)!);
  let base = q.selectFrom("stream_tags as st").where("st.org_id", "=", orgId).where("st.tag", "=", drive!);
  if (opts.state) base = base.where("st.state", "=", opts.state);
  for (const other of others) {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("stream_tags as o")
          .select("o.tag")
          .whereRef("o.stream_id", "=", "st.stream_id")
          .where("o.tag", "=", other),
      ),
    );
  }
  const dir = opts.dir ?? "desc";
  const cmp = dir === "desc" ? "<" : ">";
  let page = base;
  if (opts.after) {
    const [c, id] = opts.after;
    page = page.where((eb) =>
      eb.or([eb("st.created_at", cmp, c), eb.and([eb("st.created_at", "=", c), eb("st.stream_id", cmp, id)])]),
    );
  }
  // One tag: its maintained count. Several: counted along the rarest tag's index range, up to the cap
  // (side by side with the page on PostgreSQL).
  const bounded = base
    .select(sql<number>`1`.as("one"))
    .limit(COUNT_CAP + 1)
    .as("b");
  const [ids, counted] = await Promise.all([
    page
      .select("st.stream_id")
      .orderBy("st.created_at", dir)
      .orderBy("st.stream_id", dir)
      .limit(opts.limit)
      .offset(opts.offset)
      .execute(),
    others.length === 0
      ? Promise.resolve(counts.get(drive!)!)
      : q
          .selectFrom(bounded)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n)),
  ]);
  // By primary key, organisation checked per row (see tagsOf).
  const found =
    ids.length === 0
      ? []
      : await q
          .selectFrom("streams")
          .selectAll()
          .where(
            "id",
            "in",
            ids.map((r) => r.stream_id),
          )
          .execute();
  const byId = new Map(found.filter((r) => r.org_id === orgId).map((r) => [r.id, r]));
  const rows = ids.map((r) => byId.get(r.stream_id)).filter((r): r is StreamRow => r !== undefined);
  if (others.length === 0) return { rows, total: counted };
  return { rows, total: Math.min(counted, COUNT_CAP), ...(counted > COUNT_CAP ? { capped: true } : {}) };
}

/** Streams per tag (in `state`, when given), from the maintained tag rows. */
async function tagCounts(
  q: Kysely<Schema>,
  orgId: string,
  tags: string[],
  state?: string,
): Promise<Map<string, number>> {
  const column =
    state === "created" || state === "live" || state === "ended" || state === "locked"
      ? (`n_${state}` as const)
      : "streams";
  const rows = await q
    .selectFrom("tags")
    .select(["name", sql.ref<number>(column).as("n")])
    .where("org_id", "=", orgId)
    .where("name", "in", tags)
    .execute();
  return new Map(rows.map((r) => [r.name, Number(r.n)]));
}

export type LiveRow = Selectable<StreamLiveTable>;

/** Starts (or restarts) the live record of a stream; call with the stream locked. */
export async function upsertLive(q: Kysely<Schema>, row: LiveRow): Promise<void> {
  const { stream_id: _id, ...rest } = row;
  await q
    .insertInto("stream_live")
    .values(row)
    .onConflict((oc) => oc.column("stream_id").doUpdateSet(rest))
    .execute();
}

/** A callback for the live stream arrived (prepared: it runs on every update of every publisher). */
const touch = prepared(2, (q, streamId: string, now: number) =>
  q
    .updateTable("stream_live")
    .set({ last_callback_at: now, last_seen_at: now, stat_missing_since: null })
    .where("stream_id", "=", streamId),
);
export function touchLive(q: Kysely<Schema>, streamId: string, now: number): Promise<void> {
  return touch.run(q, streamId, now);
}

/** A player came (+1) or went (−1); never below zero. */
export async function addViewers(q: Kysely<Schema>, streamId: string, delta: number): Promise<void> {
  await q
    .updateTable("stream_live")
    .set({ viewers: sql<number>`CASE WHEN viewers + ${delta} < 0 THEN 0 ELSE viewers + ${delta} END` })
    .where("stream_id", "=", streamId)
    .execute();
}

/** Live records of these streams (by primary key; the organisation is checked per row). */
export async function liveOf(
  q: Kysely<Schema>,
  orgId: string,
  streamIds: readonly string[],
): Promise<Map<string, LiveRow>> {
  if (streamIds.length === 0) return new Map();
  const rows = await q.selectFrom("stream_live").selectAll().where("stream_id", "in", streamIds).execute();
  return new Map(rows.filter((r) => r.org_id === orgId).map((r) => [r.stream_id, r]));
}

export function findLive(q: Kysely<Schema>, streamId: string) {
  return q.selectFrom("stream_live").selectAll().where("stream_id", "=", streamId).executeTakeFirst();
}

/** Live streams nothing has been heard of since `cutoff` (the table keeps each stream's last session). */
export function staleLive(q: Kysely<Schema>, cutoff: number) {
  return q
    .selectFrom("stream_live")
    .innerJoin("streams", "streams.id", "stream_live.stream_id")
    .selectAll("stream_live")
    .select(["streams.name"])
    .where("stream_live.last_seen_at", "<", cutoff)
    .where("streams.state", "=", "live")
    .limit(1000)
    .execute();
}

/** Every live record, with the stream's name (for comparing with the media servers' /stat). */
export function allLive(q: Kysely<Schema>) {
  return q
    .selectFrom("stream_live")
    .innerJoin("streams", "streams.id", "stream_live.stream_id")
    .selectAll("stream_live")
    .select(["streams.name"])
    .where("streams.state", "=", "live")
    .execute();
}

/** What a /stat sample says about a live stream. */
export async function updateFromStat(
  q: Kysely<Schema>,
  streamId: string,
  set: {
    node: string;
    client_id: string | null;
    viewers: number;
    bytes_in: number | null;
    bytes_out: number | null;
    last_seen_at: number;
  },
): Promise<void> {
  await q
    .updateTable("stream_live")
    .set({ ...set, stat_missing_since: null })
    .where("stream_id", "=", streamId)
    .execute();
}

/** /stat did not show the stream on any reachable node; keeps the first time that happened. */
export async function markStatMissing(q: Kysely<Schema>, streamId: string, now: number): Promise<void> {
  await q
    .updateTable("stream_live")
    .set({ stat_missing_since: now })
    .where("stream_id", "=", streamId)
    .where("stat_missing_since", "is", null)
    .execute();
}
