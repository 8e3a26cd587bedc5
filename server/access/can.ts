import type { Permission } from "../../contract/permissions.js";
import type { Actor } from "../platform/actor.js";

/** Deny by default: an actor may do exactly what its effective permissions list. */
export function can(actor: Actor, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function canAll(actor: Actor, permissions: readonly Permission[]): boolean {
  return permissions.every((p) => actor.permissions.has(p));
}
