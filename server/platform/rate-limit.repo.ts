import { sql, type Kysely } from "kysely";
import type { Schema } from "../db/schema.js";

export async function blockedUntil(db: Kysely<Schema>, key: string): Promise<number> {
  const row = await db.selectFrom("rate_limits").select("blocked_until").where("key", "=", key).executeTakeFirst();
  return row?.blocked_until ?? 0;
}

/**
 * Counts one failure in one atomic upsert, so concurrent failures on any instance each count (no
 * read-then-write race); SET expressions see the old row on both databases. Returns the new count.
 */
export async function countFailure(
  db: Kysely<Schema>,
  key: string,
  now: number,
  opts: { max: number; windowMs: number; blockMs: number },
): Promise<number> {
  const fresh = sql<boolean>`rate_limits.reset_at <= ${now}`;
  const next = sql<number>`CASE WHEN ${fresh} THEN 1 ELSE rate_limits.count + 1 END`;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, count: 1, reset_at: now + opts.windowMs, blocked_until: opts.max <= 1 ? now + opts.blockMs : 0 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        count: next,
        reset_at: sql<number>`CASE WHEN ${fresh} THEN ${now + opts.windowMs} ELSE rate_limits.reset_at END`,
        blocked_until: sql<number>`CASE WHEN ${next} >= ${opts.max} THEN ${now + opts.blockMs} ELSE rate_limits.blocked_until END`,
      }),
    )
    .returning(["count"])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteFailures(db: Kysely<Schema>, key: string): Promise<void> {
  await db.deleteFrom("rate_limits").where("key", "=", key).execute();
}

/** Deletes every counter whose key starts with `prefix` (e.g. one account's counters from all addresses). */
export async function deleteFailuresByPrefix(db: Kysely<Schema>, prefix: string): Promise<number> {
  const r = await db
    .deleteFrom("rate_limits")
    .where(sql<string>`substr(key, 1, ${sql.lit(prefix.length)})`, "=", prefix)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
