import { z } from "zod";
import { isoDate } from "./common.js";
import { cappedTotal, nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";

export const auditQuery = z
  .object({
    ...pageQuery(PAGE_DEFAULTS.cards),
    action: z
      .string()
      .max(60)
      .regex(/^[a-z_]+$/, { message: "action must be snake_case" })
      .optional(),
    actor: z.string().max(254).optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditEventResponse = z.object({
  id: z.string(),
  at: isoDate,
  actor: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEventResponse = z.infer<typeof auditEventResponse>;

export const auditListResponse = z.object({
  events: z.array(auditEventResponse),
  /** Exact, except with an actor filter past COUNT_CAP events: then the cap, and totalCapped is true. */
  ...cappedTotal,
  next: nextCursor,
});
export type AuditListResponse = z.infer<typeof auditListResponse>;
