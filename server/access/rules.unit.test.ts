import { describe, expect, it } from "vitest";
import {
  ALL_PERMISSIONS,
  BUILT_IN_ROLES,
  groupPermissions,
  isBuiltInRoleName,
  isPermission,
  type Permission,
} from "../../contract/permissions.js";
import type { Actor } from "../platform/actor.js";
import { can, canAll } from "./can.js";
import { missingToGrant, removesLastAdmin } from "./rules.js";

const actor = (permissions: Permission[]): Actor => ({
  kind: "apiKey",
  orgId: "o",
  permissions: new Set(permissions),
  ip: "127.0.0.1",
  requestId: "r",
});

describe("permission checks", () => {
  it("deny by default: only listed permissions are granted", () => {
    const a = actor(["Stream.GetStreams", "Tag.GetTags"]);
    expect(can(a, "Stream.GetStreams")).toBe(true);
    expect(can(a, "Stream.CreateStream")).toBe(false);
    expect(can(actor([]), "Organisation.Get")).toBe(false);
    expect(canAll(a, ["Stream.GetStreams", "Tag.GetTags"])).toBe(true);
    expect(canAll(a, ["Stream.GetStreams", "Audit.Get"])).toBe(false);
    expect(canAll(a, [])).toBe(true);
  });

  it("no escalation: names exactly the permissions the granter lacks", () => {
    const user = actor(BUILT_IN_ROLES.nanoUser.permissions);
    expect(missingToGrant(user, ["Stream.GetStreams"])).toEqual([]);
    expect(missingToGrant(user, ["Stream.GetStreams", "ApiKey.Rotate", "User.DeleteUser"])).toEqual([
      "ApiKey.Rotate",
      "User.DeleteUser",
    ]);
    expect(missingToGrant(actor(BUILT_IN_ROLES.nanoAdmin.permissions), ALL_PERMISSIONS)).toEqual([]);
  });

  it("keeps the last nanoAdmin: demoting or removing them is refused, others are not", () => {
    expect(removesLastAdmin(1, { role: "nanoAdmin" }, "nanoUser")).toBe(true);
    expect(removesLastAdmin(1, { role: "nanoAdmin" }, null)).toBe(true);
    expect(removesLastAdmin(1, { role: "nanoAdmin" }, "nanoAdmin")).toBe(false);
    expect(removesLastAdmin(2, { role: "nanoAdmin" }, null)).toBe(false);
    expect(removesLastAdmin(1, { role: "nanoUser" }, null)).toBe(false);
  });
});

describe("the built-in roles", () => {
  it("nest: read-only ⊂ user ⊂ admin, and admin holds every permission", () => {
    const { nanoAdmin, nanoUser, nanoReadOnly } = BUILT_IN_ROLES;
    expect(new Set(nanoAdmin.permissions)).toEqual(new Set(ALL_PERMISSIONS));
    for (const p of nanoReadOnly.permissions) expect(nanoUser.permissions).toContain(p);
    expect(nanoUser.permissions.length).toBeLessThan(nanoAdmin.permissions.length);
    expect(nanoReadOnly.permissions.length).toBeLessThan(nanoUser.permissions.length);
  });

  it("keep the disruptive and secret-revealing permissions for admins", () => {
    for (const p of [
      "ApiKey.Get",
      "ApiKey.Rotate",
      "User.DeleteUser",
      "StreamWithId.Delete",
      "StreamWithId.Stop",
      "Organisation.SetWebhook",
    ] as const) {
      expect(BUILT_IN_ROLES.nanoUser.permissions, p).not.toContain(p);
    }
    expect(BUILT_IN_ROLES.nanoReadOnly.permissions.every((p) => /\.(Get|GetStreams|GetStream|GetTags)$/.test(p))).toBe(
      true,
    );
  });

  it("recognise catalogue names only and group them in the bintu wire shape", () => {
    expect(isPermission("Tag.GetTags")).toBe(true);
    expect(isPermission("Tag.Fly")).toBe(false);
    expect(isPermission("__proto__")).toBe(false);
    expect(isBuiltInRoleName("nanoUser")).toBe(true);
    expect(isBuiltInRoleName("nanoRoot")).toBe(false);
    expect(groupPermissions(["Tag.GetTags", "Stream.CreateStream", "Tag.EditTag"])).toEqual({
      Tag: ["GetTags", "EditTag"],
      Stream: ["CreateStream"],
    });
  });
});
