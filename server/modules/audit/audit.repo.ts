import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.js";

export async function listAuditEvents(q: Kysely<Schema>, orgId: string, opts: { limit: number; offset: number; action?: string; actor?: string }) {
  let base = q.selectFrom("audit_events").where("org_id", "=", orgId);
  if (opts.action) base = base.where("action", "=", opts.action);
  if (opts.actor) base = base.where((eb) => eb.or([eb("actor_label", "=", opts.actor!), eb("actor_id", "=", opts.actor!)]));
  const rows = await base.selectAll().orderBy("id", "desc").limit(opts.limit).offset(opts.offset).execute();
  const total = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return { rows, total: Number(total.n) };
}
