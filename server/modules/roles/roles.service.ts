import type { Kysely } from "kysely";
import { BUILT_IN_ROLES, isBuiltInRoleName, isPermission, type Permission, type RoleDefinition } from "../../../contract/permissions.js";
import type { Schema } from "../../db/schema.js";
import { findCustomRole } from "./roles.repo.js";

/** A role's definition: built-in ones come from the catalogue, custom ones from the organisation's table. */
export async function roleDefinition(q: Kysely<Schema>, orgId: string, name: string): Promise<RoleDefinition | null> {
  if (isBuiltInRoleName(name)) return BUILT_IN_ROLES[name];
  const row = await findCustomRole(q, orgId, name);
  if (!row) return null;
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

/** Effective permissions of a role name; an unknown role grants nothing (deny by default). */
export async function rolePermissions(q: Kysely<Schema>, orgId: string, name: string): Promise<Set<Permission>> {
  const def = await roleDefinition(q, orgId, name);
  return new Set(def?.permissions ?? []);
}
