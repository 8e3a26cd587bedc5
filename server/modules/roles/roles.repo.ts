import type { Kysely, Selectable } from "kysely";
import type { RolesTable, Schema } from "../../db/schema.js";
import { readCounterPrefix } from "../../platform/counters.repo.js";

export type RoleRow = Selectable<RolesTable>;

export function findCustomRole(q: Kysely<Schema>, orgId: string, name: string) {
  return q.selectFrom("roles").selectAll().where("org_id", "=", orgId).where("name", "=", name).executeTakeFirst();
}

/** Custom roles by name, after `afterName` when given. */
export function listCustomRoles(
  q: Kysely<Schema>,
  orgId: string,
  opts: { limit: number; afterName?: string | undefined } = { limit: 10_000 },
) {
  let base = q.selectFrom("roles").selectAll().where("org_id", "=", orgId);
  if (opts.afterName !== undefined) base = base.where("name", ">", opts.afterName);
  return base.orderBy("name").limit(opts.limit).execute();
}

export async function insertRole(q: Kysely<Schema>, row: RoleRow): Promise<void> {
  await q.insertInto("roles").values(row).execute();
}

export async function updateRole(
  q: Kysely<Schema>,
  orgId: string,
  name: string,
  set: Partial<Omit<RoleRow, "org_id" | "name">>,
): Promise<void> {
  await q.updateTable("roles").set(set).where("org_id", "=", orgId).where("name", "=", name).execute();
}

export async function deleteRole(q: Kysely<Schema>, orgId: string, name: string): Promise<void> {
  await q.deleteFrom("roles").where("org_id", "=", orgId).where("name", "=", name).execute();
}

/** Custom roles of the organisation (bounded: their number is capped by the roles limit). */
export async function countCustomRoles(q: Kysely<Schema>, orgId: string): Promise<number> {
  return Number(
    (
      await q
        .selectFrom("roles")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("org_id", "=", orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Members per role name in the organisation, from the maintained counts. */
export async function countUsersByRole(q: Kysely<Schema>, orgId: string): Promise<Map<string, number>> {
  return readCounterPrefix(q, orgId, "users:r:");
}

export async function countPendingInvitesWithRole(
  q: Kysely<Schema>,
  orgId: string,
  role: string,
  now: number,
): Promise<number> {
  const row = await q
    .selectFrom("invites")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .where("role", "=", role)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
