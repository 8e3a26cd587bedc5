import { sql } from "kysely";
import type { Db } from "../../db/handle.js";

/** The stored thumbnail of one stream of this organisation, or undefined before the first capture. */
export async function findThumbnail(db: Db, orgId: string, streamId: string) {
  const row = await db
    .selectFrom("stream_thumbnails")
    .select(["jpeg", "etag", "taken_at", "width", "height"])
    .where("stream_id", "=", streamId)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  if (!row?.jpeg || !row.etag || row.taken_at === null) return undefined;
  return { jpeg: Buffer.from(row.jpeg), etag: row.etag, takenAt: Number(row.taken_at) };
}

/** Which of these streams (of this organisation) have a thumbnail: one query for a whole list page. */
export async function streamsWithThumbnail(db: Db, orgId: string, streamIds: readonly string[]): Promise<Set<string>> {
  if (streamIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("stream_thumbnails")
    .select("stream_id")
    .where("org_id", "=", orgId)
    .where("stream_id", "in", streamIds)
    .where("etag", "is not", null)
    .execute();
  return new Set(rows.map((r) => r.stream_id));
}

/**
 * Live streams whose next thumbnail is due (no lease, or one that has run out), longest waiting first,
 * of enabled organisations whose packages name thumbnails (the caller checks the grant exactly).
 */
export async function dueLiveStreams(db: Db, now: number, limit: number) {
  return db
    .selectFrom("streams as s")
    .innerJoin("organisations as o", "o.id", "s.org_id")
    .leftJoin("stream_thumbnails as t", "t.stream_id", "s.id")
    .select(["s.id", "s.org_id", "o.packages"])
    .where("s.state", "=", "live")
    .where("o.disabled", "=", 0)
    .where((eb) =>
      eb.or([eb("o.packages", "like", '%"liveProcessing.thumbnail"%'), eb("o.packages", "like", '%"liveProcessing"%')]),
    )
    .where((eb) => eb.or([eb("t.lease_until", "is", null), eb("t.lease_until", "<=", now)]))
    .orderBy(sql`coalesce(t.lease_until, 0)`)
    .limit(limit)
    .execute();
}

/**
 * Takes the stream's capture lease until `until` when no one holds it at `now`, and answers the failed
 * captures in a row before this one (0 when the last failure is older than `streakMs`: a stream that
 * comes back after a long pause starts afresh). The UPDATE is conditional on the lease it read: of
 * instances racing for one row, exactly one sees it updated; the others get null.
 */
export async function claimLease(
  db: Db,
  s: { streamId: string; orgId: string },
  owner: string,
  now: number,
  until: number,
  streakMs: number,
): Promise<{ failures: number } | null> {
  await db
    .insertInto("stream_thumbnails")
    .values({ stream_id: s.streamId, org_id: s.orgId, lease_until: 0 })
    .onConflict((oc) => oc.column("stream_id").doNothing())
    .execute();
  const row = await db
    .selectFrom("stream_thumbnails")
    .select(["lease_until", "failures"])
    .where("stream_id", "=", s.streamId)
    .executeTakeFirst();
  if (!row || Number(row.lease_until) > now) return null;
  const r = await db
    .updateTable("stream_thumbnails")
    .set({ lease_owner: owner, lease_until: until })
    .where("stream_id", "=", s.streamId)
    .where("lease_until", "=", row.lease_until)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  return { failures: Number(row.lease_until) >= now - streakMs ? Number(row.failures) : 0 };
}

/** A capture's result; the lease then runs to the next due time. */
export async function storeThumbnail(
  db: Db,
  streamId: string,
  t: { jpeg: Buffer; etag: string; takenAt: number; width: number; height: number; nextAt: number },
): Promise<void> {
  await db
    .updateTable("stream_thumbnails")
    .set({
      jpeg: t.jpeg,
      etag: t.etag,
      taken_at: t.takenAt,
      width: t.width,
      height: t.height,
      lease_owner: null,
      lease_until: t.nextAt,
      failures: 0,
    })
    .where("stream_id", "=", streamId)
    .execute();
}

/**
 * A failed capture, the `failures`-th in a row: the stream is tried again at `nextAt` (by whichever
 * instance claims it then).
 */
export async function releaseLease(
  db: Db,
  streamId: string,
  owner: string,
  nextAt: number,
  failures: number,
): Promise<void> {
  await db
    .updateTable("stream_thumbnails")
    .set({ lease_owner: null, lease_until: nextAt, failures })
    .where("stream_id", "=", streamId)
    .where("lease_owner", "=", owner)
    .execute();
}

/** Thumbnails go with their stream: deleted streams are kept as rows, their pictures are not. */
export async function purgeDeleted(db: Db): Promise<void> {
  await db
    .deleteFrom("stream_thumbnails")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("streams")
          .select("streams.id")
          .whereRef("streams.id", "=", "stream_thumbnails.stream_id")
          .where("streams.state", "=", "deleted"),
      ),
    )
    .execute();
}
