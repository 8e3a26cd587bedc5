import { z } from "zod";
import { emailSchema, isoDate, passwordSchema, safeText, uuid } from "./common.js";
import { nextCursor, PAGE_DEFAULTS, pageQuery } from "./pagination.js";
import { loginResponse, roleResponse } from "./user.js";

export const INVITE_DEFAULT_DAYS = 7;
export const INVITE_MAX_DAYS = 30;
import { INVITE_LABEL_MAX } from "./invite-limits.js";
export { INVITE_LABEL_MAX } from "./invite-limits.js";

export const createInviteRequest = z
  .object({
    role: z.string({ error: "role must be a string" }).max(40),
    expiresInDays: z
      .number({ error: "expiresInDays must be a number" })
      .int({ message: "expiresInDays must be a whole number" })
      .min(1, { message: "expiresInDays must be at least 1" })
      .max(INVITE_MAX_DAYS, { message: `expiresInDays must be at most ${INVITE_MAX_DAYS}` })
      .optional(),
    /** Who the invitation is for, in the inviter's words (e.g. "Anna, video team"); shown in the pending list. */
    label: safeText("label", INVITE_LABEL_MAX).optional(),
  })
  .strict();
export type CreateInviteRequest = z.infer<typeof createInviteRequest>;

export const inviteResponse = z.object({
  id: uuid,
  role: z.string(),
  /** The inviter's note on who the invitation is for; null when none was given. */
  label: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: isoDate,
  expiresAt: isoDate,
  usedAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});
export type InviteResponse = z.infer<typeof inviteResponse>;

/** Only at creation: the link carries the token, shown this once. */
export const createdInviteResponse = inviteResponse.extend({ url: z.string() });
export type CreatedInviteResponse = z.infer<typeof createdInviteResponse>;

export const inviteListQuery = z.object({ ...pageQuery(PAGE_DEFAULTS.all) }).strict();
export type InviteListQuery = z.infer<typeof inviteListQuery>;
export const inviteListResponse = z.object({ invites: z.array(inviteResponse), next: nextCursor });

export const publicInviteResponse = z.object({
  organisation: z.object({ name: z.string() }),
  role: roleResponse,
  expiresAt: isoDate,
  /** The operator's terms of use, which joining accepts; null when the operator has none. */
  termsUrl: z.string().nullable(),
});
export type PublicInviteResponse = z.infer<typeof publicInviteResponse>;

export const acceptInviteRequest = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    acceptTerms: z.boolean({ error: "acceptTerms must be true or false" }).optional(),
  })
  .strict();
export type AcceptInviteRequest = z.infer<typeof acceptInviteRequest>;
export const acceptInviteResponse = loginResponse;
