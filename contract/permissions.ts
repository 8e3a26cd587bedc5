/**
 * The permission catalogue: every `Group.Op` pair the server knows, and the three built-in roles.
 * This file is data. The server's checks, the dashboard's `useCan()`, the OpenAPI document and the
 * role × route test matrix are all derived from it, so a permission is added here and nowhere else.
 */

export const PERMISSION_CATALOGUE = {
  Organisation: ["Get", "SetWebhook", "SetVod", "Rename"],
  MetricKey: ["Get"],
  ApiKey: ["Get", "Rotate"],
  User: ["GetUsers", "UpdatePermission", "RenewTokenKey", "DeleteUser"],
  Permission: ["List", "Create", "Update", "Delete"],
  InviteToken: ["Create", "List", "Delete"],
  Stream: ["GetStreams", "CreateStream"],
  StreamWithId: ["GetStream", "SetTags", "Stop", "Lock", "Unlock", "Delete"],
  Tag: ["GetTags", "CreateTag", "EditTag", "DeleteTag"],
  Audit: ["Get"],
  Playback: ["CreateToken", "ManageKeys"],
  Analytics: ["Get"],
} as const;

export type PermissionGroup = keyof typeof PERMISSION_CATALOGUE;
export type Permission = {
  [G in PermissionGroup]: `${G}.${(typeof PERMISSION_CATALOGUE)[G][number]}`;
}[PermissionGroup];

/** Every permission as a flat list, in catalogue order. */
export const ALL_PERMISSIONS: readonly Permission[] = Object.entries(PERMISSION_CATALOGUE).flatMap(([group, ops]) =>
  ops.map((op) => `${group}.${op}` as Permission),
);

const PERMISSION_SET: ReadonlySet<string> = new Set(ALL_PERMISSIONS);
export function isPermission(value: string): value is Permission {
  return PERMISSION_SET.has(value);
}

/** Human words for each permission: the dashboard's role editor and permission overview show them, the code beside. */
export const PERMISSION_LABELS: Record<Permission, string> = {
  "Organisation.Get": "See the organisation overview",
  "Organisation.SetWebhook": "Set the custom webhook",
  "Organisation.SetVod": "Set VOD public accessibility",
  "Organisation.Rename": "Rename the organisation",
  "MetricKey.Get": "See the player key and own bintu token",
  "ApiKey.Get": "Get the API key",
  "ApiKey.Rotate": "Rotate the API key",
  "User.GetUsers": "List users",
  "User.UpdatePermission": "Change a user's role",
  "User.RenewTokenKey": "Reset a user's tokens",
  "User.DeleteUser": "Delete a user",
  "Permission.List": "List roles",
  "Permission.Create": "Create custom roles",
  "Permission.Update": "Edit custom roles",
  "Permission.Delete": "Delete custom roles",
  "InviteToken.Create": "Invite users",
  "InviteToken.List": "List pending invites",
  "InviteToken.Delete": "Revoke invites",
  "Stream.GetStreams": "List streams",
  "Stream.CreateStream": "Create streams",
  "StreamWithId.GetStream": "Get a stream",
  "StreamWithId.SetTags": "Set a stream's tags",
  "StreamWithId.Stop": "Stop streams",
  "StreamWithId.Lock": "Lock streams",
  "StreamWithId.Unlock": "Unlock streams",
  "StreamWithId.Delete": "Delete streams",
  "Tag.GetTags": "List tags",
  "Tag.CreateTag": "Bring new tags in (tag streams with names no stream carries yet)",
  "Tag.EditTag": "Rename tags",
  "Tag.DeleteTag": "Delete tags",
  "Audit.Get": "Read the audit log",
  "Playback.CreateToken": "Create secure playback tokens",
  "Playback.ManageKeys": "Manage playback signing keys",
  "Analytics.Get": "See usage analytics (within the organisation's analytics level)",
};

export const BUILT_IN_ROLE_NAMES = ["nanoAdmin", "nanoUser", "nanoReadOnly"] as const;
export type BuiltInRoleName = (typeof BUILT_IN_ROLE_NAMES)[number];

export interface RoleDefinition {
  name: string;
  label: string;
  description: string;
  audiences: string[];
  permissions: Permission[];
  builtIn: boolean;
}

const READ_ONLY: Permission[] = [
  "Organisation.Get",
  "MetricKey.Get",
  "Stream.GetStreams",
  "StreamWithId.GetStream",
  "Tag.GetTags",
  "Analytics.Get",
];

const USER: Permission[] = [
  ...READ_ONLY,
  "User.GetUsers",
  "Permission.List",
  "Stream.CreateStream",
  "StreamWithId.SetTags",
  "Tag.CreateTag",
  "Tag.EditTag",
  "Playback.CreateToken",
];

export const BUILT_IN_ROLES: Record<BuiltInRoleName, RoleDefinition> = {
  nanoAdmin: {
    name: "nanoAdmin",
    label: "Admin",
    description:
      "The Administrator. Full control over all functions within the organisation, including user management, roles and the API key.",
    audiences: ["bintu", "dashboard", "user-management", "api-key"],
    permissions: [...ALL_PERMISSIONS],
    builtIn: true,
  },
  nanoUser: {
    name: "nanoUser",
    label: "User",
    description:
      "The Operator. Can perform all tasks related to stream management and operations, except changes that could disrupt operations, such as deleting or stopping streams or changing critical settings.",
    audiences: ["bintu", "dashboard"],
    permissions: USER,
    builtIn: true,
  },
  nanoReadOnly: {
    name: "nanoReadOnly",
    label: "Read Only",
    description:
      "The Observer. Read-only access to basic information such as stream configuration, stream states, metrics and alerts.",
    audiences: ["bintu", "dashboard"],
    permissions: READ_ONLY,
    builtIn: true,
  },
};

export function isBuiltInRoleName(name: string): name is BuiltInRoleName {
  return (BUILT_IN_ROLE_NAMES as readonly string[]).includes(name);
}

/** Group a flat permission list as `{ Group: [Op, …] }`, the bintu wire shape. */
export function groupPermissions(perms: readonly Permission[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of perms) {
    const [group, op] = p.split(".") as [string, string];
    (out[group] ??= []).push(op);
  }
  return out;
}

/** Every group and its operations, for permission matrices. */
export const PERMISSION_GROUPS = Object.entries(PERMISSION_CATALOGUE).map(([group, ops]) => ({
  group,
  ops: [...ops] as string[],
}));
