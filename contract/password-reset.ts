import { z } from "zod";
import { isoDate, passwordSchema } from "./common.js";

/** A reset link is valid this long after an admin (or the operator) creates it. */
export const PASSWORD_RESET_TTL_MS = 3_600_000;

export const passwordResetParams = z.object({ token: z.string().max(128) }).strict();

/** The new link: shown once; only its digest is stored. */
export const createdPasswordResetResponse = z.object({ url: z.string(), expiresAt: isoDate });
export type CreatedPasswordResetResponse = z.infer<typeof createdPasswordResetResponse>;

/** What a valid link tells its holder (an invalid one answers 410 alike whatever the reason). */
export const publicPasswordResetResponse = z.object({ expiresAt: isoDate, email: z.string() });
export type PublicPasswordResetResponse = z.infer<typeof publicPasswordResetResponse>;

export const completePasswordResetRequest = z.object({ password: passwordSchema }).strict();
export type CompletePasswordResetRequest = z.infer<typeof completePasswordResetRequest>;

export const completePasswordResetResponse = z.object({ ok: z.literal(true), email: z.string() });
export type CompletePasswordResetResponse = z.infer<typeof completePasswordResetResponse>;

/** The one answer for an unknown, used, replaced or expired link: it discloses nothing about accounts. */
export const PASSWORD_RESET_INVALID =
  "This password reset link is not valid: it may have been used already or have expired. Ask an admin of your organisation for a new one.";

/** A member's open link as admins see it: who issued it and until when, never the link itself. */
export const openPasswordResetResponse = z.object({
  createdBy: z.string().describe("the issuer's email, or `operator` for a link made with the orgdeck command"),
  createdAt: isoDate,
  expiresAt: isoDate,
});
export type OpenPasswordResetResponse = z.infer<typeof openPasswordResetResponse>;
