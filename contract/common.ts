import { z } from "zod";

/**
 * Characters refused in any stored text: C0/C1 controls (tab and newline included), the bidi
 * embedding/override/isolate controls and zero-width characters. They let one string look like
 * another in the dashboard and some of them break PostgreSQL (NUL), so both databases refuse alike.
 */
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Trimmed, NFC-normalised single-line text of bounded length. */
export function safeText(field: string, max: number) {
  return z
    .string({ error: `${field} must be a string` })
    .transform((s) => s.trim().normalize("NFC"))
    .refine((s) => s.length > 0, { message: `${field} must not be empty` })
    .refine((s) => s.length <= max, { message: `${field} must be at most ${max} characters` })
    .refine((s) => !FORBIDDEN_CHARS.test(s) && !LONE_SURROGATE.test(s), {
      message: `${field} contains control, bidi or invisible characters`,
    });
}

export const emailSchema = z
  .string({ error: "email must be a string" })
  .max(254, { message: "email must be at most 254 characters" })
  .transform((s) => s.trim())
  .pipe(z.email({ message: "email must be a valid email address" }));

/**
 * Password rules (ASVS 6.2): at least 8 characters, no composition rules, long passphrases welcome.
 * The cap keeps a huge body from reaching the hash function. Common passwords are refused by the server.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const passwordSchema = z
  .string({ error: "password must be a string" })
  .min(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { message: `password must be at most ${PASSWORD_MAX} characters` });

export const isoDate = z.iso.datetime().describe("ISO 8601 timestamp in UTC");

/** An object id as the server issues it. */
export const uuid = z.uuid();
/** An id a client sends: documented as a UUID, but other text reads as "not found" (404), as it always has. */
export const idInput = z.string().max(64).meta({ format: "uuid" });

export const okResponse = z.object({ ok: z.literal(true) });
