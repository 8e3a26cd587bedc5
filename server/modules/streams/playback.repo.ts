import type { Kysely } from "kysely";
import { prepared } from "../../db/prepared.js";
import { STREAM_COLUMNS, type Schema } from "../../db/schema.js";

/**
 * A stream as a viewer asks for it, by id, with what decides whether it may be watched: its state,
 * its organisation's packages and switch, and the application it is published in (the HLS folder).
 * Prepared: it runs for every HLS request nginx has not cached.
 */
const byId = prepared(1, (q, id: string) =>
  q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .leftJoin("stream_live", "stream_live.stream_id", "streams.id")
    .select([
      "streams.id",
      "streams.org_id",
      "streams.name",
      "streams.state",
      "organisations.disabled as org_disabled",
      "organisations.packages as org_packages",
      "stream_live.app as live_app",
    ])
    .where("streams.id", "=", id),
);
export function findStreamForPlayback(q: Kysely<Schema>, id: string) {
  return byId.first(q, id);
}

const ingestById = prepared(1, (q, id: string) =>
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
    .where("streams.id", "=", id),
);
/** What `findStreamByName` reads, by id: RTMP viewers play a stream by its id, never by its name. */
export function findStreamForIngestById(q: Kysely<Schema>, id: string) {
  return ingestById.first(q, id);
}

/** A stream's tags (for tag-bound playback tokens), read only when a token has to be checked. */
export async function playbackTagsOf(q: Kysely<Schema>, streamId: string): Promise<string[]> {
  const rows = await q.selectFrom("stream_tags").select("tag").where("stream_id", "=", streamId).execute();
  return rows.map((r) => r.tag);
}

/** Viewers seen by this instance since its last flush; a viewer's newer sighting wins. */
export async function upsertHlsViewers(
  q: Kysely<Schema>,
  rows: ReadonlyArray<{ stream_id: string; viewer: string; last_seen: number }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await q
      .insertInto("stream_hls_viewers")
      .values(rows.slice(i, i + 100))
      .onConflict((oc) =>
        oc
          .columns(["stream_id", "viewer"])
          .doUpdateSet({ last_seen: (eb) => eb.ref("excluded.last_seen") })
          .where("stream_hls_viewers.last_seen", "<", (eb) => eb.ref("excluded.last_seen")),
      )
      .execute();
  }
}

/** HLS viewers per stream: those seen after `since`. */
export async function hlsViewerCounts(
  q: Kysely<Schema>,
  streamIds: readonly string[],
  since: number,
): Promise<Map<string, number>> {
  if (streamIds.length === 0) return new Map();
  const rows = await q
    .selectFrom("stream_hls_viewers")
    .select(["stream_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("stream_id", "in", [...streamIds])
    .where("last_seen", ">", since)
    .groupBy("stream_id")
    .execute();
  return new Map(rows.map((r) => [r.stream_id, Number(r.n)]));
}

export async function pruneHlsViewers(q: Kysely<Schema>, before: number): Promise<void> {
  await q.deleteFrom("stream_hls_viewers").where("last_seen", "<", before).execute();
}
