import { z } from "zod";
import { ORG_NAME_MAX } from "./auth-limits.js";
import { emailSchema, idInput, isoDate, passwordSchema, safeText, uuid } from "./common.js";
import { nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";
import { USER_SEARCH_MAX, USER_SORTS } from "./user-list.js";
export * from "./user-list.js";

export const userResponse = z.object({
  id: uuid,
  email: z.string(),
  role: z.string(),
  tokenKey: z.string(),
  createdAt: isoDate,
});
export type UserResponse = z.infer<typeof userResponse>;

export const loginRequest = z
  .object({
    email: z.string({ error: "email must be a string" }).max(254, { message: "email must be at most 254 characters" }),
    // Not the full password policy: an account made under older rules must still be able to log in.
    password: z.string({ error: "password must be a string" }).max(1024, { message: "password is too long" }),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequest>;

export const loginResponse = z.object({ token: z.string(), expiresAt: isoDate, user: userResponse });
export type LoginResponse = z.infer<typeof loginResponse>;

export const roleResponse = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string(),
  audiences: z.array(z.string()),
  permissions: z.record(z.string(), z.array(z.string())),
  builtIn: z.boolean(),
});
export type RoleResponse = z.infer<typeof roleResponse>;

export const meResponse = z.object({
  user: userResponse,
  organisation: z.object({ id: uuid, name: z.string(), hash: z.string() }),
  role: roleResponse,
  /** Flat `Group.Op` list; the dashboard's useCan() reads it. */
  permissions: z.array(z.string()),
  tokenExpiresAt: isoDate,
});
export type MeResponse = z.infer<typeof meResponse>;

export const changePasswordRequest = z
  .object({
    // Checked against the stored hash only, so an account made under older rules can still change it.
    currentPassword: z
      .string({ error: "currentPassword must be a string" })
      .max(1024, { message: "currentPassword is too long" }),
    newPassword: passwordSchema,
    /** End every other bintu token of the caller (default); the token making this call survives. */
    signOutOtherSessions: z.boolean({ error: "signOutOtherSessions must be a boolean" }).default(true),
  })
  .strict();
export type ChangePasswordRequest = z.input<typeof changePasswordRequest>;
export const changePasswordResponse = z.object({ ok: z.literal(true), signedOutSessions: z.number().int() });
export type ChangePasswordResponse = z.infer<typeof changePasswordResponse>;

export const setupStatusResponse = z.object({ needed: z.boolean() });
export const setupRequest = z
  .object({
    token: z.string().max(200),
    // The organisation's own name limit (contract/organisation.ts), not a looser one of its own.
    organisationName: safeText("organisationName", ORG_NAME_MAX),
    email: emailSchema,
    password: passwordSchema,
  })
  .strict();
export type SetupRequest = z.infer<typeof setupRequest>;

export const userListQuery = z
  .object({
    role: z.string().max(40).optional(),
    q: z
      .string({ error: "q must be a string" })
      .min(1, { message: "q must not be empty" })
      .max(USER_SEARCH_MAX, { message: `q must be at most ${USER_SEARCH_MAX} characters` })
      .optional()
      .describe("members whose email contains q, any case"),
    sort: z
      .enum(USER_SORTS, { message: `sort must be one of ${USER_SORTS.join(", ")}` })
      .default("joined")
      .describe("email, role, lastActive (never active last) or joined (default)"),
    dir: z
      .enum(["asc", "desc"], { message: "dir must be one of asc, desc" })
      .optional()
      .describe("asc or desc; default asc, except desc for lastActive. desc is the exact reverse of asc"),
    ...pageQuery(PAGE_DEFAULTS.users),
  })
  .strict();
export type UserListQuery = z.infer<typeof userListQuery>;
/** A member in the member list: with when it last used a bintu token (null: never since this was recorded). */
export const memberResponse = userResponse.extend({ lastActiveAt: isoDate.nullable() });
export type MemberResponse = z.infer<typeof memberResponse>;
export const userListResponse = z.object({ users: z.array(memberResponse), total: z.number().int(), next: nextCursor });
export type UserListResponse = z.infer<typeof userListResponse>;

export const updateUserRoleRequest = z.object({ userId: idInput, role: z.string().max(40) }).strict();
export const renewTokenKeyRequest = z.object({ userId: idInput }).strict();
export const userIdParams = z.object({ id: idInput }).strict();
