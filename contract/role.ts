import { z } from "zod";
import { safeText } from "./common.js";
import { nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";
import { roleResponse } from "./user.js";

export { roleResponse };

export const ROLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{1,39}$/;
export const roleNameSchema = z.string({ error: "name must be a string" }).regex(ROLE_NAME_PATTERN, {
  message: "name must be 2-40 characters: letters, digits, - or _, starting with a letter",
});

/** `{ Group: [Op, …] }`, the bintu wire shape; unknown groups or operations are refused by the server. */
export const groupedPermissionsSchema = z.record(
  z.string(),
  z.array(z.string(), { error: "each permission group must list operations" }).max(32),
  { error: 'permissions must be an object like {"Stream": ["GetStreams"]}' },
);

const roleFields = {
  label: safeText("label", 60),
  description: safeText("description", 300).optional(),
  audiences: z.array(safeText("audience", 40)).max(10).optional(),
  permissions: groupedPermissionsSchema,
};

export const createRoleRequest = z.object({ name: roleNameSchema, ...roleFields }).strict();
export type CreateRoleRequest = z.infer<typeof createRoleRequest>;

export const updateRoleRequest = z
  .object({
    label: roleFields.label.optional(),
    description: roleFields.description,
    audiences: roleFields.audiences,
    permissions: groupedPermissionsSchema.optional(),
  })
  .strict();
export type UpdateRoleRequest = z.infer<typeof updateRoleRequest>;

export const roleListQuery = z.object({ ...pageQuery(PAGE_DEFAULTS.all) }).strict();
export type RoleListQuery = z.infer<typeof roleListQuery>;
export const roleListResponse = z.object({
  roles: z.array(roleResponse.extend({ users: z.number().int() })),
  next: nextCursor,
});
export type RoleListResponse = z.infer<typeof roleListResponse>;

export const roleQuery = z.object({ name: z.string().max(40) }).strict();

export { PERMISSION_GROUPS } from "./permissions.js";
