import { sql, type Kysely } from "kysely";
import type { Schema, UsageRowsTable } from "../../db/schema.js";

export type UsageTable = "usage_minutes" | "usage_hours" | "usage_days";
export type Scope = UsageRowsTable["scope"];

/** One scope's sample (or roll-up increment) for one bucket. */
export interface UsageRow {
  org_id: string;
  scope: Scope;
  key: string;
  t: number;
  published_minutes: number;
  viewer_minutes: number;
  peak_viewers: number;
  viewers: number;
  bytes_out: number;
}

/** The first instance to claim a minute samples it; false when another already has. */
export async function claimMinute(q: Kysely<Schema>, minute: number, now: number): Promise<boolean> {
  const rows = await q
    .insertInto("usage_claims")
    .values({ minute, claimed_at: now })
    .onConflict((oc) => oc.column("minute").doNothing())
    .returning("minute")
    .execute();
  return rows.length > 0;
}

/** Every live stream with its session, RTMP players and the media server's byte counter. */
export function liveStreams(q: Kysely<Schema>) {
  return q
    .selectFrom("stream_live")
    .innerJoin("streams", "streams.id", "stream_live.stream_id")
    .select([
      "stream_live.stream_id",
      "stream_live.org_id",
      "stream_live.node",
      "stream_live.since",
      "stream_live.viewers",
      "stream_live.bytes_out",
      "streams.name",
    ])
    .where("streams.state", "=", "live")
    .execute();
}

/** The same, for one organisation (the live tiles). */
export function liveStreamsOf(q: Kysely<Schema>, orgId: string) {
  return q
    .selectFrom("stream_live")
    .innerJoin("streams", "streams.id", "stream_live.stream_id")
    .select(["stream_live.stream_id", "stream_live.node", "stream_live.viewers", "streams.name"])
    .where("streams.org_id", "=", orgId)
    .where("streams.state", "=", "live")
    .execute();
}

/** HLS viewers seen since `since`, per stream. */
export async function hlsCounts(q: Kysely<Schema>, ids: readonly string[], since: number) {
  const out = new Map<string, number>();
  for (const chunk of chunks(ids)) {
    const rows = await q
      .selectFrom("stream_hls_viewers")
      .select(["stream_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("stream_id", "in", chunk)
      .where("last_seen", ">", since)
      .groupBy("stream_id")
      .execute();
    for (const r of rows) out.set(r.stream_id, Number(r.n));
  }
  return out;
}

/** Tags of these streams (primary key lookups). */
export async function tagsOfStreams(q: Kysely<Schema>, ids: readonly string[]) {
  const out = new Map<string, string[]>();
  for (const chunk of chunks(ids)) {
    const rows = await q
      .selectFrom("stream_tags")
      .select(["stream_id", "tag"])
      .where("stream_id", "in", chunk)
      .execute();
    for (const r of rows) out.set(r.stream_id, [...(out.get(r.stream_id) ?? []), r.tag]);
  }
  return out;
}

/** The latest minute row of each stream within [since, before): its session and byte counter. */
export async function lastMarks(q: Kysely<Schema>, ids: readonly string[], since: number, before: number) {
  const out = new Map<string, { t: number; session_since: number | null; bytes_mark: number | null }>();
  for (const chunk of chunks(ids)) {
    const rows = await q
      .selectFrom("usage_minutes")
      .select(["key", "t", "session_since", "bytes_mark"])
      .where("t", ">=", since)
      .where("t", "<", before)
      .where("scope", "=", "s")
      .where("key", "in", chunk)
      .execute();
    for (const r of rows) {
      const seen = out.get(r.key);
      if (!seen || seen.t < r.t) out.set(r.key, r);
    }
  }
  return out;
}

/** Distinct viewers of these streams in one hour, and in the hours [dayStart, hourStart]. */
export async function distinctViewers(
  q: Kysely<Schema>,
  ids: readonly string[],
  hour: number,
  day: number,
): Promise<{ hour: Map<string, number>; day: Map<string, number> }> {
  const h = new Map<string, number>();
  const d = new Map<string, number>();
  for (const chunk of chunks(ids)) {
    const hours = await q
      .selectFrom("usage_viewers")
      .select(["stream_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("stream_id", "in", chunk)
      .where("hour", "=", hour)
      .groupBy("stream_id")
      .execute();
    for (const r of hours) h.set(r.stream_id, Number(r.n));
    const days = await q
      .selectFrom("usage_viewers")
      .select(["stream_id", sql<number>`count(distinct viewer)`.as("n")])
      .where("stream_id", "in", chunk)
      .where("hour", ">=", day)
      .where("hour", "<=", hour)
      .groupBy("stream_id")
      .execute();
    for (const r of days) d.set(r.stream_id, Number(r.n));
  }
  return { hour: h, day: d };
}

/** Current `viewers` of these streams' rows of one bucket. */
export async function storedViewers(
  q: Kysely<Schema>,
  table: "usage_hours" | "usage_days",
  ids: readonly string[],
  t: number,
) {
  const out = new Map<string, number>();
  for (const chunk of chunks(ids)) {
    const rows = await q
      .selectFrom(table)
      .select(["key", "viewers"])
      .where("t", "=", t)
      .where("scope", "=", "s")
      .where("key", "in", chunk)
      .execute();
    for (const r of rows) out.set(r.key, Number(r.viewers));
  }
  return out;
}

/** Notes viewers (digests) of streams per hour; a viewer already noted costs nothing. */
export async function insertViewers(
  q: Kysely<Schema>,
  rows: ReadonlyArray<{ stream_id: string; hour: number; viewer: string; org_id: string }>,
): Promise<void> {
  for (const chunk of chunks(rows, 200))
    await q
      .insertInto("usage_viewers")
      .values([...chunk])
      .onConflict((oc) => oc.columns(["stream_id", "hour", "viewer"]).doNothing())
      .execute();
}

const larger = (table: string, col: string) =>
  sql`CASE WHEN excluded.${sql.ref(col)} > ${sql.ref(`${table}.${col}`)} THEN excluded.${sql.ref(col)} ELSE ${sql.ref(`${table}.${col}`)} END`;

/**
 * Adds a minute's sample to rows of `table`: minutes, viewer minutes and bytes add up, the peak is the
 * larger; `viewers` either adds (an increment of distinct viewers) or is replaced by the larger.
 * Rows are written in key order so concurrent writers cannot deadlock.
 */
export async function addUsage(
  q: Kysely<Schema>,
  table: UsageTable,
  rows: readonly (UsageRow & { session_since?: number | null; bytes_mark?: number | null })[],
  viewers: "add" | "max",
): Promise<void> {
  const sorted = [...rows].sort((a, b) =>
    a.org_id !== b.org_id
      ? a.org_id < b.org_id
        ? -1
        : 1
      : a.scope !== b.scope
        ? a.scope < b.scope
          ? -1
          : 1
        : a.key < b.key
          ? -1
          : a.key > b.key
            ? 1
            : a.t - b.t,
  );
  for (const chunk of chunks(sorted, 200)) {
    const values = chunk.map((r) => ({
      org_id: r.org_id,
      scope: r.scope,
      key: r.key,
      t: r.t,
      published_minutes: r.published_minutes,
      viewer_minutes: r.viewer_minutes,
      peak_viewers: r.peak_viewers,
      viewers: r.viewers,
      bytes_out: r.bytes_out,
      ...(table === "usage_minutes"
        ? { session_since: r.session_since ?? null, bytes_mark: r.bytes_mark ?? null }
        : {}),
    }));
    await q
      .insertInto(table)
      .values(values as never)
      .onConflict((oc) =>
        oc.columns(["org_id", "scope", "key", "t"]).doUpdateSet({
          published_minutes: sql`${sql.ref(`${table}.published_minutes`)} + excluded.published_minutes`,
          viewer_minutes: sql`${sql.ref(`${table}.viewer_minutes`)} + excluded.viewer_minutes`,
          bytes_out: sql`${sql.ref(`${table}.bytes_out`)} + excluded.bytes_out`,
          peak_viewers: larger(table, "peak_viewers"),
          viewers:
            viewers === "add" ? sql`${sql.ref(`${table}.viewers`)} + excluded.viewers` : larger(table, "viewers"),
          ...(table === "usage_minutes"
            ? { session_since: sql`excluded.session_since`, bytes_mark: sql`excluded.bytes_mark` }
            : {}),
        } as never),
      )
      .execute();
  }
}

/** The rows of one scope of an organisation in [from, to), oldest first. */
export function readSeries(
  q: Kysely<Schema>,
  table: UsageTable,
  orgId: string,
  scope: Scope,
  key: string,
  from: number,
  to: number,
) {
  return q
    .selectFrom(table)
    .select(["t", "published_minutes", "viewer_minutes", "peak_viewers", "viewers", "bytes_out"])
    .where("org_id", "=", orgId)
    .where("scope", "=", scope)
    .where("key", "=", key)
    .where("t", ">=", from)
    .where("t", "<", to)
    .orderBy("t")
    .execute();
}

/** The busiest streams or tags of an organisation in [from, to), by viewer minutes then published minutes. */
export function readGroups(
  q: Kysely<Schema>,
  table: UsageTable,
  orgId: string,
  scope: "s" | "t",
  from: number,
  to: number,
  limit: number,
) {
  return q
    .selectFrom(table)
    .select((eb) => [
      "key",
      eb.fn.sum<number>("published_minutes").as("published_minutes"),
      eb.fn.sum<number>("viewer_minutes").as("viewer_minutes"),
      eb.fn.max<number>("peak_viewers").as("peak_viewers"),
      eb.fn.max<number>("viewers").as("viewers"),
      eb.fn.sum<number>("bytes_out").as("bytes_out"),
    ])
    .where("org_id", "=", orgId)
    .where("scope", "=", scope)
    .where("t", ">=", from)
    .where("t", "<", to)
    .groupBy("key")
    .orderBy(sql`sum(viewer_minutes)`, "desc")
    .orderBy(sql`sum(published_minutes)`, "desc")
    .orderBy("key")
    .limit(limit)
    .execute();
}

/** Names of an organisation's streams (deleted ones included: their history stays theirs). */
export async function streamNames(
  q: Kysely<Schema>,
  orgId: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const chunk of chunks(ids)) {
    const rows = await q.selectFrom("streams").select(["id", "name", "org_id"]).where("id", "in", chunk).execute();
    for (const r of rows) if (r.org_id === orgId) out.set(r.id, r.name);
  }
  return out;
}

export function findStreamOf(q: Kysely<Schema>, orgId: string, id: string) {
  return q
    .selectFrom("streams")
    .select(["id", "name"])
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("state", "!=", "deleted")
    .executeTakeFirst();
}

/** Whether the organisation has the tag now, or had usage under it. */
export async function tagKnown(q: Kysely<Schema>, orgId: string, tag: string): Promise<boolean> {
  const now = await q
    .selectFrom("tags")
    .select("name")
    .where("org_id", "=", orgId)
    .where("name", "=", tag)
    .executeTakeFirst();
  if (now) return true;
  const past = await q
    .selectFrom("usage_days")
    .select("key")
    .where("org_id", "=", orgId)
    .where("scope", "=", "t")
    .where("key", "=", tag)
    .limit(1)
    .executeTakeFirst();
  return past !== undefined;
}

export function analyticsLevelOf(q: Kysely<Schema>, orgId: string) {
  return q.selectFrom("organisations").select("analytics_level").where("id", "=", orgId).executeTakeFirst();
}

/** Deletes what no level may read any more: minute rows past 48 h, hours and days past each level's reach. */
export async function sweepUsage(
  q: Kysely<Schema>,
  cutoffs: { minutes: number; viewers: number; byLevel: ReadonlyArray<{ level: string; before: number }> },
): Promise<void> {
  await q.deleteFrom("usage_minutes").where("t", "<", cutoffs.minutes).execute();
  await q.deleteFrom("usage_viewers").where("hour", "<", cutoffs.viewers).execute();
  await q.deleteFrom("usage_claims").where("minute", "<", cutoffs.viewers).execute();
  for (const { level, before } of cutoffs.byLevel)
    for (const table of ["usage_hours", "usage_days"] as const)
      await q
        .deleteFrom(table)
        .where("t", "<", before)
        .where("org_id", "in", (eb) => eb.selectFrom("organisations").select("id").where("analytics_level", "=", level))
        .execute();
  // Organisations that no longer exist keep nothing past the longest reach.
  const longest = Math.min(...cutoffs.byLevel.map((b) => b.before));
  for (const table of ["usage_hours", "usage_days"] as const)
    await q.deleteFrom(table).where("t", "<", longest).execute();
}

function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
