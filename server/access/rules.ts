import type { Permission } from "../../contract/permissions.js";
import type { Actor } from "../platform/actor.js";

/** No escalation: nobody hands out a permission they do not hold themselves. */
export function missingToGrant(actor: Pick<Actor, "permissions">, permissions: Iterable<Permission>): Permission[] {
  return [...permissions].filter((p) => !actor.permissions.has(p));
}

export const ADMIN_ROLE = "nanoAdmin";

/**
 * An organisation always keeps at least one nanoAdmin. `admins` is the count inside the same
 * transaction that makes the change, with the organisation row locked.
 */
export function removesLastAdmin(admins: number, target: { role: string }, newRole: string | null): boolean {
  return target.role === ADMIN_ROLE && newRole !== ADMIN_ROLE && admins <= 1;
}
