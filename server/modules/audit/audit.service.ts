import type { AuditListResponse, AuditQuery } from "../../../contract/audit.js";
import type { Actor } from "../../platform/actor.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { listAuditEvents } from "./audit.repo.js";

/** Reading the organisation's audit log; writing happens in each service's own transaction. */
export function createAuditService(deps: Pick<CoreDeps, "db">) {
  return {
    async list(actor: Actor, query: AuditQuery): Promise<AuditListResponse> {
      const { rows, total } = await listAuditEvents(deps.db, actor.orgId, {
        limit: query.limit,
        offset: query.offset,
        ...(query.action ? { action: query.action } : {}),
        ...(query.actor ? { actor: query.actor } : {}),
      });
      return {
        total,
        events: rows.map((r) => ({
          id: r.id,
          at: toIso(r.at),
          actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
          action: r.action,
          target: r.target,
          ip: r.ip,
          outcome: r.outcome,
          detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
        })),
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
