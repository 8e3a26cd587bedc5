import type { Kysely, Selectable } from "kysely";
import type { Schema, StreamsTable } from "../../db/schema.js";

export type StreamRow = Selectable<StreamsTable>;

export async function insertStream(q: Kysely<Schema>, row: StreamRow, tags: readonly string[]): Promise<void> {
  await q.insertInto("streams").values(row).execute();
  await replaceTags(q, row.org_id, row.id, tags);
}

export async function replaceTags(q: Kysely<Schema>, orgId: string, streamId: string, tags: readonly string[]): Promise<void> {
  await q.deleteFrom("stream_tags").where("org_id", "=", orgId).where("stream_id", "=", streamId).execute();
  if (tags.length > 0) {
    await q.insertInto("stream_tags").values(tags.map((tag) => ({ stream_id: streamId, org_id: orgId, tag }))).execute();
  }
}

export function findStream(q: Kysely<Schema>, orgId: string, id: string) {
  return q.selectFrom("streams").selectAll().where("org_id", "=", orgId).where("id", "=", id).executeTakeFirst();
}

/** The media server knows only the stream name, which is globally unique (it starts with the org hash). */
export function findStreamByName(q: Kysely<Schema>, name: string) {
  return q
    .selectFrom("streams")
    .innerJoin("organisations", "organisations.id", "streams.org_id")
    .selectAll("streams")
    .select(["organisations.webhook", "organisations.disabled as org_disabled", "organisations.packages as org_packages", "organisations.hash as org_hash"])
    .where("streams.name", "=", name)
    .executeTakeFirst();
}

export async function tagsOf(q: Kysely<Schema>, orgId: string, streamIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(streamIds.map((id) => [id, []]));
  if (streamIds.length === 0) return out;
  const rows = await q.selectFrom("stream_tags").select(["stream_id", "tag"]).where("org_id", "=", orgId).where("stream_id", "in", streamIds).orderBy("tag").execute();
  for (const r of rows) out.get(r.stream_id)?.push(r.tag);
  return out;
}

export async function listStreams(q: Kysely<Schema>, orgId: string, opts: { tags: string[]; state?: string; limit: number; offset: number }) {
  let base = q.selectFrom("streams").where("streams.org_id", "=", orgId);
  base = opts.state ? base.where("streams.state", "=", opts.state) : base.where("streams.state", "!=", "deleted");
  for (const tag of opts.tags) {
    base = base.where((eb) =>
      eb.exists(eb.selectFrom("stream_tags").select("stream_tags.tag").whereRef("stream_tags.stream_id", "=", "streams.id").where("stream_tags.tag", "=", tag)),
    );
  }
  const rows = await base.selectAll("streams").orderBy("streams.created_at", "desc").orderBy("streams.id").limit(opts.limit).offset(opts.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}

export async function setState(q: Kysely<Schema>, orgId: string, id: string, state: string, now: number): Promise<void> {
  await q.updateTable("streams").set({ state, updated_at: now }).where("org_id", "=", orgId).where("id", "=", id).execute();
}

export async function touch(q: Kysely<Schema>, orgId: string, id: string, now: number): Promise<void> {
  await q.updateTable("streams").set({ updated_at: now }).where("org_id", "=", orgId).where("id", "=", id).execute();
}
