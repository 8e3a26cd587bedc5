import { z } from "zod";
import type { AuditListResponse, AuditQuery } from "../../../contract/audit.js";
import { COUNT_CAP } from "../../../contract/pagination.js";
import type { Actor } from "../../platform/actor.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { redactUrls } from "../../platform/redact-url.js";
import { listAuditEvents } from "./audit.repo.js";

const eventKey = z.string().max(64);

/** Reading the organisation's audit log; writing happens in each service's own transaction. */
export function createAuditService(deps: Pick<CoreDeps, "db" | "cursors">) {
  const { cursors } = deps;
  return {
    async list(actor: Actor, query: AuditQuery): Promise<AuditListResponse> {
      const scope = {
        route: "audit",
        orgId: actor.orgId,
        filter: { action: query.action ?? null, actor: query.actor ?? null },
      };
      const page = cursors.page(scope, query, eventKey);
      const { rows, total, capped } = await listAuditEvents(deps.db, actor.orgId, {
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
        action: query.action,
        actor: query.actor,
        countCap: COUNT_CAP,
      });
      return {
        total,
        ...(capped ? { totalCapped: true } : {}),
        next: cursors.next(scope, rows, page.limit, (r) => r.id),
        events: rows.slice(0, page.limit).map((r) => ({
          id: r.id,
          at: toIso(r.at),
          actor: { type: r.actor_type, id: r.actor_id, label: r.actor_label },
          action: r.action,
          // Rows are redacted as written (platform/audit.ts); again here for rows written before that.
          target: r.target ? redactUrls(r.target) : null,
          ip: r.ip,
          outcome: r.outcome,
          detail: r.detail ? redactUrls(JSON.parse(r.detail) as Record<string, unknown>) : null,
        })),
      };
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
