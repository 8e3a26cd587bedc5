import { sql, type Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";
import { readCounter } from "../../platform/counters.repo.js";

export interface AuditListOptions {
  limit: number;
  offset: number;
  /** Continue after this event id (newest first). */
  after: string | null;
  action?: string | undefined;
  actor?: string | undefined;
  /** An actor-filtered total is counted up to this many rows. */
  countCap: number;
}

export async function listAuditEvents(q: Kysely<Schema>, orgId: string, opts: AuditListOptions) {
  let base = q.selectFrom("audit_events").where("org_id", "=", orgId);
  if (opts.action) base = base.where("action", "=", opts.action);
  if (opts.actor)
    base = base.where((eb) => eb.or([eb("actor_label", "=", opts.actor!), eb("actor_id", "=", opts.actor!)]));
  const page = opts.after === null ? base : base.where("id", "<", opts.after);
  const rows = await page.selectAll().orderBy("id", "desc").limit(opts.limit).offset(opts.offset).execute();
  if (!opts.actor)
    return {
      rows,
      total: await readCounter(q, orgId, opts.action ? `audit:a:${opts.action}` : "audit"),
      capped: false,
    };
  // No counter per actor: count along the actor's index range, but never past the cap.
  const bounded = base
    .select(sql<number>`1`.as("one"))
    .limit(opts.countCap + 1)
    .as("b");
  const n = Number(
    (
      await q
        .selectFrom(bounded)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return { rows, total: Math.min(n, opts.countCap), capped: n > opts.countCap };
}
