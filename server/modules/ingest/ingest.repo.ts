import type { Kysely, Selectable } from "kysely";
import type { IngestCallsTable, Schema } from "../../db/schema.js";

export type IngestCallRow = Selectable<IngestCallsTable>;

export async function insertIngestCalls(q: Kysely<Schema>, rows: IngestCallRow[]): Promise<void> {
  if (rows.length > 0) await q.insertInto("ingest_calls").values(rows).execute();
}

export async function listIngestCalls(q: Kysely<Schema>, orgId: string, opts: { streamId?: string; decision?: string; limit: number; offset: number }) {
  let base = q.selectFrom("ingest_calls").where("org_id", "=", orgId);
  if (opts.streamId) base = base.where("stream_id", "=", opts.streamId);
  if (opts.decision) base = base.where("decision", "=", opts.decision);
  const rows = await base.selectAll().orderBy("id", "desc").limit(opts.limit).offset(opts.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
