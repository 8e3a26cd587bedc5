import type { Db } from "../db/handle.js";
import { insertAuditEvent } from "./audit.repo.js";
import { recordAuditChange } from "./live-feed.js";
import { timeOrderedId } from "./ids.js";
import { redactUrls } from "./redact-url.js";
import type { Actor } from "./actor.js";
import type { AuditAction } from "../../contract/audit-actions.js";

/**
 * Audit actions (contract/audit-actions.ts: one closed list, named after the OWASP logging
 * vocabulary where one fits). Values never carry secrets: a key reveal records that it happened, not
 * the key, and URLs lose their query string and user info here (platform/redact-url.ts).
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

/** Appends one audit event (counted for the organisation's totals); call it with the transaction that makes the change. */
export async function writeAudit(q: Db, e: AuditInput): Promise<void> {
  const a = e.actor;
  await insertAuditEvent(q, {
    id: timeOrderedId(e.at),
    org_id: e.orgId,
    at: e.at,
    actor_type: a.kind,
    actor_id: a.kind === "user" ? a.userId : a.kind === "apiKey" || a.kind === "playerKey" ? a.orgId : null,
    actor_label:
      a.kind === "user" ? a.email : a.kind === "apiKey" ? "API key" : "label" in a ? (a.label ?? null) : null,
    action: e.action,
    target: e.target ? redactUrls(e.target) : null,
    ip: e.ip ?? ("ip" in a ? a.ip : null),
    outcome: e.outcome ?? "success",
    detail: e.detail ? JSON.stringify(redactUrls(e.detail)) : null,
    request_id: e.requestId ?? ("requestId" in a ? a.requestId : null),
  });
  // Dashboards hear of the change through the live-update feed, written with the same transaction.
  await recordAuditChange(q, e, e.at);
}
