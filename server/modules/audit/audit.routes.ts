import { auditListResponse, auditQuery } from "../../../contract/audit.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { AuditService } from "./audit.service.js";

export function auditRoutes(audit: AuditService): RouteDefinition[] {
  return [
    defineRoute({
      method: "GET",
      url: "/api/audit",
      schema: {
        tags: ["audit"],
        summary: "The organisation's audit events, newest first",
        querystring: auditQuery,
        response: { 200: auditListResponse },
      },
      access: { permissions: ["Audit.Get"] },
      handler: async (req, actor) => audit.list(actor, req.query),
    }),
  ];
}
