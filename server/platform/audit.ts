import type { Insertable, Kysely } from "kysely";
import type { AuditEventsTable, Schema } from "../db/schema.js";
import { addDelta, bumpCounters } from "./counters.js";
import { timeOrderedId } from "./ids.js";
import type { Actor } from "./actor.js";
import type { AuditAction } from "../../contract/audit-actions.js";

/**
 * Audit actions (contract/audit-actions.ts: one closed list, named after the OWASP logging
 * vocabulary where one fits). Values never carry secrets: a key reveal records that it happened, not
 * the key.
 */
export type { AuditAction } from "../../contract/audit-actions.js";

export interface AuditInput {
  orgId: string | null;
  actor: Actor | { kind: "system" | "anonymous"; label?: string };
  action: AuditAction;
  target?: string | null;
  outcome?: "success" | "failure";
  detail?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
  at: number;
}

/**
 * Appends one audit event (and counts it for the organisation's totals); call it with the
 * transaction that makes the change. Outside a transaction it opens one, so the count never drifts.
 */
export async function writeAudit(q: Kysely<Schema>, e: AuditInput): Promise<void> {
  if (e.orgId !== null && !q.isTransaction) {
    await q.transaction().execute((trx) => writeAudit(trx, e));
    return;
  }
  const a = e.actor;
  await q
    .insertInto("audit_events")
    .values({
      id: timeOrderedId(e.at),
      org_id: e.orgId,
      at: e.at,
      actor_type: a.kind,
      actor_id: a.kind === "user" ? a.userId : a.kind === "apiKey" || a.kind === "playerKey" ? a.orgId : null,
      actor_label: a.kind === "user" ? a.email : a.kind === "apiKey" ? "API key" : "label" in a ? (a.label ?? null) : null,
      action: e.action,
      target: e.target ?? null,
      ip: e.ip ?? ("ip" in a ? a.ip : null),
      outcome: e.outcome ?? "success",
      detail: e.detail ? JSON.stringify(e.detail) : null,
      request_id: e.requestId ?? ("requestId" in a ? a.requestId : null),
    })
    .execute();
  if (e.orgId !== null) await bumpCounters(q, e.orgId, addDelta(new Map([["audit", 1]]), `audit:a:${e.action}`, 1));
}

/** Appends many audit rows of one organisation at once, counted (bulk loads and imports). */
export async function insertAuditRows(q: Kysely<Schema>, orgId: string, rows: ReadonlyArray<Insertable<AuditEventsTable>>): Promise<void> {
  const deltas = new Map<string, number>([["audit", rows.length]]);
  for (const r of rows) addDelta(deltas, `audit:a:${r.action}`, 1);
  for (let i = 0; i < rows.length; i += 2000) await q.insertInto("audit_events").values(rows.slice(i, i + 2000)).execute();
  await bumpCounters(q, orgId, deltas);
}
