import { inTransaction, type Db } from "../../db/handle.js";
import { z } from "zod";
import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_NAMES,
  groupPermissions,
  isBuiltInRoleName,
  isPermission,
  type Permission,
  type RoleDefinition,
} from "../../../contract/permissions.js";
import type { CreateRoleRequest, RoleListQuery, RoleListResponse, UpdateRoleRequest } from "../../../contract/role.js";
import type { RoleResponse } from "../../../contract/user.js";
import { missingToGrant } from "../../access/rules.js";
import { isUniqueViolation } from "../../db/database.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { enforceQuota } from "../../platform/quota.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import {
  countPendingInvitesWithRole,
  countCustomRoles,
  countUsersByRole,
  deleteRole,
  findCustomRole,
  insertRole,
  listCustomRoles,
  updateRole,
  type RoleRow,
} from "./roles.repo.js";

/** A stored custom role as a definition. */
export function fromRow(
  row: Pick<RoleRow, "name" | "label" | "description" | "audiences" | "permissions">,
): RoleDefinition {
  return {
    name: row.name,
    label: row.label,
    description: row.description,
    audiences: JSON.parse(row.audiences) as string[],
    // A permission removed from the catalogue since the role was saved simply no longer applies.
    permissions: (JSON.parse(row.permissions) as string[]).filter(isPermission),
    builtIn: false,
  };
}

/** A role's definition: built-in ones come from the catalogue, custom ones from the organisation's table. */
export async function roleDefinition(q: Db, orgId: string, name: string): Promise<RoleDefinition | null> {
  if (isBuiltInRoleName(name)) return BUILT_IN_ROLES[name];
  const row = await findCustomRole(q, orgId, name);
  return row ? fromRow(row) : null;
}

/** Effective permissions of a role name; an unknown role grants nothing (deny by default). */
export async function rolePermissions(q: Db, orgId: string, name: string): Promise<Set<Permission>> {
  const def = await roleDefinition(q, orgId, name);
  return new Set(def?.permissions ?? []);
}

const builtInSets = new Map(BUILT_IN_ROLE_NAMES.map((n) => [n, new Set<Permission>(BUILT_IN_ROLES[n].permissions)]));
const parsedCustom = new Map<string, ReadonlySet<Permission>>();

/**
 * Permissions of a role from what the credential query already read: the catalogue for a built-in
 * role, the stored JSON of a custom one (parsed once per distinct value), nothing for a missing role.
 */
export function permissionsOf(name: string, storedPermissions: string | null): ReadonlySet<Permission> {
  if (isBuiltInRoleName(name)) return builtInSets.get(name)!;
  if (storedPermissions === null) return new Set();
  let set = parsedCustom.get(storedPermissions);
  if (!set) {
    if (parsedCustom.size > 1000) parsedCustom.clear();
    set = new Set((JSON.parse(storedPermissions) as string[]).filter(isPermission));
    parsedCustom.set(storedPermissions, set);
  }
  return set;
}

export function presentRole(def: RoleDefinition): RoleResponse {
  return {
    name: def.name,
    label: def.label,
    description: def.description,
    audiences: def.audiences,
    permissions: groupPermissions(def.permissions),
    builtIn: def.builtIn,
  };
}

/** `{Group: [Op]}` → catalogue permissions; anything unknown is a 400 naming it. */
export function parseGroupedPermissions(grouped: Record<string, string[]>): Permission[] {
  const out = new Set<Permission>();
  for (const [group, ops] of Object.entries(grouped)) {
    for (const op of ops) {
      const p = `${group}.${op}`;
      if (!isPermission(p)) throw badRequest(`unknown permission ${p}`);
      out.add(p);
    }
  }
  return [...out];
}

const roleKey: z.ZodType<[0 | 1, string]> = z.tuple([z.union([z.literal(0), z.literal(1)]), z.string().max(64)]);

/**
 * What a custom role's permission change must also undo among its holders, handed in by app.ts
 * (users come after roles, so roles cannot import them).
 */
export interface RoleHolders {
  /** Inside the edit's transaction: ends the password reset links the new permissions no longer allow. */
  endBrokenResetLinks(q: Db, orgId: string, role: string, now: number): Promise<number>;
}

export function createRolesService(deps: Pick<CoreDeps, "db" | "clock" | "cursors">, holders?: RoleHolders) {
  const { db, clock, cursors } = deps;

  function checkGrantable(actor: Actor, perms: Permission[]): void {
    const missing = missingToGrant(actor, perms);
    if (missing.length > 0) throw forbidden(`You cannot grant permissions you do not hold: ${missing.join(", ")}`);
  }

  /** A role may be changed or deleted only by someone holding every permission it holds. */
  function checkManageable(actor: Actor, role: RoleDefinition): void {
    const missing = missingToGrant(actor, role.permissions);
    if (missing.length > 0)
      throw forbidden(`You cannot change a role that holds permissions you do not hold: ${missing.join(", ")}`);
  }

  return {
    /** Built-in roles first (in catalogue order), then custom roles by name; keyset-paged. */
    async list(actor: Actor, query: RoleListQuery = { limit: 100, offset: 0 }): Promise<RoleListResponse> {
      const scope = { route: "permission", orgId: actor.orgId, filter: {} };
      const page = cursors.page(scope, query, roleKey);
      const [group, afterName] = page.after ?? [0, ""];
      const builtIn = BUILT_IN_ROLE_NAMES.map((n) => BUILT_IN_ROLES[n]).filter(
        (_, i) => page.after === null || (group === 0 && i > BUILT_IN_ROLE_NAMES.indexOf(afterName as never)),
      );
      const want = page.offset + page.limit + 1;
      const custom = (
        await listCustomRoles(db, actor.orgId, { limit: want, ...(group === 1 ? { afterName } : {}) })
      ).map(fromRow);
      const all = [...builtIn, ...custom].slice(page.offset);
      const counts = await countUsersByRole(db, actor.orgId);
      const key = (r: RoleDefinition): [0 | 1, string] => [r.builtIn ? 0 : 1, r.name];
      return {
        roles: all.slice(0, page.limit).map((r) => ({ ...presentRole(r), users: counts.get(r.name) ?? 0 })),
        next: cursors.next(scope, all, page.limit, key),
      };
    },

    async get(actor: Actor, name: string): Promise<RoleResponse> {
      const def = await roleDefinition(db, actor.orgId, name);
      if (!def) throw notFound("Role");
      return presentRole(def);
    },

    async create(actor: Actor, input: CreateRoleRequest): Promise<RoleResponse> {
      if (BUILT_IN_ROLE_NAMES.some((b) => b.toLowerCase() === input.name.toLowerCase())) {
        throw badRequest(`name "${input.name}" is reserved for a built-in role`);
      }
      const permissions = parseGroupedPermissions(input.permissions);
      checkGrantable(actor, permissions);
      const now = clock.now();
      const row: RoleRow = {
        org_id: actor.orgId,
        name: input.name,
        label: input.label,
        description: input.description ?? "",
        audiences: JSON.stringify(input.audiences ?? ["dashboard"]),
        permissions: JSON.stringify(permissions),
        created_at: now,
        updated_at: now,
      };
      try {
        await inTransaction(db, async (trx) => {
          await insertRole(trx, row);
          await writeAudit(trx, {
            orgId: actor.orgId,
            actor,
            action: "privilege_role_created",
            target: row.name,
            detail: { permissions },
            at: now,
          });
          await enforceQuota(trx, actor, "roles", () => countCustomRoles(trx, actor.orgId));
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`A role named "${input.name}" already exists`);
        throw err;
      }
      return presentRole(fromRow(row));
    },

    async update(actor: Actor, name: string, input: UpdateRoleRequest): Promise<RoleResponse> {
      if (isBuiltInRoleName(name)) throw forbidden("Built-in roles cannot be changed");
      const permissions = input.permissions ? parseGroupedPermissions(input.permissions) : undefined;
      if (permissions) checkGrantable(actor, permissions);
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        const existing = await findCustomRole(trx, actor.orgId, name);
        if (!existing) throw notFound("Role");
        // Only roles wholly within the caller's own rights, before and after: stripping a role above
        // oneself would bring its holders within reach.
        checkManageable(actor, fromRow(existing));
        await updateRole(trx, actor.orgId, name, {
          ...(input.label !== undefined ? { label: input.label } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.audiences !== undefined ? { audiences: JSON.stringify(input.audiences) } : {}),
          ...(permissions ? { permissions: JSON.stringify(permissions) } : {}),
          updated_at: now,
        });
        const resetLinksEnded =
          permissions && holders ? await holders.endBrokenResetLinks(trx, actor.orgId, name, now) : 0;
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "privilege_permissions_changed",
          target: name,
          detail: permissions ? { permissions, resetLinksEnded } : { fields: Object.keys(input) },
          at: now,
        });
      });
      return this.get(actor, name);
    },

    async remove(actor: Actor, name: string): Promise<void> {
      if (isBuiltInRoleName(name)) throw forbidden("Built-in roles cannot be deleted");
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        const existing = await findCustomRole(trx, actor.orgId, name);
        if (!existing) throw notFound("Role");
        checkManageable(actor, fromRow(existing));
        const users = (await countUsersByRole(trx, actor.orgId)).get(name) ?? 0;
        if (users > 0)
          throw conflict(
            `Role "${name}" is still assigned to ${users} user${users === 1 ? "" : "s"}; reassign them first`,
          );
        const invites = await countPendingInvitesWithRole(trx, actor.orgId, name, now);
        if (invites > 0)
          throw conflict(
            `Role "${name}" is used by ${invites} pending invite${invites === 1 ? "" : "s"}; revoke them first`,
          );
        await deleteRole(trx, actor.orgId, name);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "privilege_role_deleted", target: name, at: now });
      });
    },

    checkGrantable,
  };
}
export type RolesService = ReturnType<typeof createRolesService>;
