import type { Insertable, Kysely } from "kysely";
import type { LiveChangesTable, Schema } from "../db/schema.js";

export type LiveChangeRow = { id: number; org_id: string; kind: string; subject_id: string | null };

/** Appends change rows; with the change's transaction, they exist exactly when the change commits. */
export async function insertLiveChanges(
  q: Kysely<Schema>,
  rows: readonly Insertable<LiveChangesTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await q.insertInto("live_changes").values(rows).execute();
}

/** The newest id (0 on an empty feed): where a reader that starts now begins. */
export async function latestLiveChangeId(q: Kysely<Schema>): Promise<number> {
  const row = await q
    .selectFrom("live_changes")
    .select((eb) => eb.fn.max("id").as("id"))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/**
 * Rows after `after`, plus the ids in `gaps` (ids a reader skipped because their transaction had not
 * committed yet: PostgreSQL hands out identity values in insert order, not in commit order), by id.
 */
export async function liveChangesAfter(
  q: Kysely<Schema>,
  after: number,
  gaps: readonly number[],
  limit: number,
): Promise<LiveChangeRow[]> {
  return q
    .selectFrom("live_changes")
    .select(["id", "org_id", "kind", "subject_id"])
    .where((eb) => (gaps.length > 0 ? eb.or([eb("id", ">", after), eb("id", "in", gaps)]) : eb("id", ">", after)))
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** Drops rows older than `before` (every instance may; it is idempotent). */
export async function pruneLiveChanges(q: Kysely<Schema>, before: number): Promise<void> {
  await q.deleteFrom("live_changes").where("at", "<", before).execute();
}
