import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { auditListResponse, auditQuery } from "../../../contract/audit.js";
import type { AuditService } from "./audit.service.js";

export function auditRoutes(app: FastifyInstance, audit: AuditService): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/api/audit",
    { schema: { tags: ["audit"], summary: "The organisation's audit events, newest first", querystring: auditQuery, response: { 200: auditListResponse } }, config: { access: { permissions: ["Audit.Get"] } } },
    async (req) => audit.list(req.actor!, req.query),
  );
}
