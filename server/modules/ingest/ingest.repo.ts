import type { Kysely, Selectable } from "kysely";
import type { IngestCallsTable, Schema } from "../../db/schema.js";
import { preparedInsert } from "../../db/prepared.js";
import { addDelta, bumpCounters, readCounter, type Deltas } from "../../platform/counters.repo.js";

export type IngestCallRow = Selectable<IngestCallsTable>;

const callInsert = preparedInsert(
  "ingest_calls",
  ["id", "org_id", "stream_id", "stream_name", "call", "decision", "reason", "receiver_status", "latency_ms", "at"],
  50,
);

/** Writes a batch of call-log rows and counts them per organisation, in one transaction. */
export async function insertIngestCalls(q: Kysely<Schema>, rows: IngestCallRow[]): Promise<void> {
  if (rows.length === 0) return;
  const byOrg = new Map<string, Deltas>();
  for (const r of rows) {
    if (r.org_id === null) continue;
    let d = byOrg.get(r.org_id);
    if (!d) byOrg.set(r.org_id, (d = new Map()));
    addDelta(d, "ingest", 1);
    addDelta(d, `ingest:d:${r.decision}`, 1);
    if (r.stream_id !== null) {
      addDelta(d, `ingest:s:${r.stream_id}`, 1);
      addDelta(d, `ingest:sd:${r.stream_id}:${r.decision}`, 1);
    }
  }
  const write = async (trx: Kysely<Schema>) => {
    await callInsert.insert(trx, rows);
    for (const orgId of [...byOrg.keys()].sort()) await bumpCounters(trx, orgId, byOrg.get(orgId)!);
  };
  if (q.isTransaction) await write(q);
  else await q.transaction().execute(write);
}

export async function listIngestCalls(
  q: Kysely<Schema>,
  orgId: string,
  opts: {
    streamId?: string | undefined;
    decision?: string | undefined;
    limit: number;
    offset: number;
    after: string | null;
  },
) {
  let base = q.selectFrom("ingest_calls").where("org_id", "=", orgId);
  if (opts.streamId) base = base.where("stream_id", "=", opts.streamId);
  if (opts.decision) base = base.where("decision", "=", opts.decision);
  if (opts.after !== null) base = base.where("id", "<", opts.after);
  const rows = await base.selectAll().orderBy("id", "desc").limit(opts.limit).offset(opts.offset).execute();
  const key = opts.streamId
    ? opts.decision
      ? `ingest:sd:${opts.streamId}:${opts.decision}`
      : `ingest:s:${opts.streamId}`
    : opts.decision
      ? `ingest:d:${opts.decision}`
      : "ingest";
  return { rows, total: await readCounter(q, orgId, key) };
}
