import type { Insertable, Kysely } from "kysely";
import type { AuditEventsTable, Schema } from "../db/schema.js";
import { addDelta, bumpCounters } from "./counters.repo.js";

export type AuditRow = Insertable<AuditEventsTable>;

/**
 * Appends one audit row and counts it for its organisation. Outside a transaction it opens one, so
 * the row and its count never drift apart.
 */
export async function insertAuditEvent(q: Kysely<Schema>, row: AuditRow): Promise<void> {
  if (row.org_id !== null && row.org_id !== undefined && !q.isTransaction) {
    await q.transaction().execute((trx) => insertAuditEvent(trx, row));
    return;
  }
  await q.insertInto("audit_events").values(row).execute();
  if (row.org_id) await bumpCounters(q, row.org_id, addDelta(new Map([["audit", 1]]), `audit:a:${row.action}`, 1));
}

/** Appends many audit rows of one organisation at once, counted (bulk loads and imports). */
export async function insertAuditRows(q: Kysely<Schema>, orgId: string, rows: readonly AuditRow[]): Promise<void> {
  const deltas = new Map<string, number>([["audit", rows.length]]);
  for (const r of rows) addDelta(deltas, `audit:a:${r.action}`, 1);
  for (let i = 0; i < rows.length; i += 2000)
    await q
      .insertInto("audit_events")
      .values(rows.slice(i, i + 2000))
      .execute();
  await bumpCounters(q, orgId, deltas);
}
