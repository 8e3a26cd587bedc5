import {
  EMAIL_MAX_LENGTH,
  ORG_NAME_MAX,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "../../../contract/auth-limits.js";
import { ApiError } from "../../lib/api.js";

/** Field name → a human sentence; a field without a problem is absent. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

// Deliberately loose: the server decides; this only catches the obvious before a round trip.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function emailProblem(email: string): string | undefined {
  const v = email.trim();
  if (!v) return "Enter your email address.";
  if (v.length > EMAIL_MAX_LENGTH) return `Use at most ${EMAIL_MAX_LENGTH} characters.`;
  if (!EMAIL_SHAPE.test(v)) return "Enter an email address like name@example.com.";
  return undefined;
}

export function newPasswordProblem(password: string): string | undefined {
  if (!password) return "Choose a password.";
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is best.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

export function confirmProblem(password: string, confirm: string): string | undefined {
  if (!confirm) return "Repeat the password.";
  return confirm === password ? undefined : "The two passwords do not match.";
}

export function organisationNameProblem(name: string): string | undefined {
  const v = name.trim();
  if (!v) return "Enter your organisation's name.";
  if (v.length > ORG_NAME_MAX) return `Use at most ${ORG_NAME_MAX} characters (now ${v.length}).`;
  return undefined;
}

/**
 * The API names the field first (`password: password must be …`, `name must be …`); this turns it
 * into the form's field and a sentence for a person. Anything else stays a form-level message.
 */
export function fieldFromApiError<F extends string>(
  err: unknown,
  aliases: Record<string, F>,
): { field: F; message: string } | null {
  if (!(err instanceof ApiError) || (err.status !== 400 && err.status !== 409)) return null;
  if (err.status === 409 && /email/i.test(err.message) && aliases.email)
    return {
      field: aliases.email,
      message: "An account with this email already exists. Sign in instead, or use another address.",
    };
  const m = /^(?:(\w+): )?(\w+) (.*)$/.exec(err.message);
  if (!m) return null;
  const field = aliases[m[1] ?? m[2]!] ?? aliases[m[2]!];
  if (!field) return null;
  const noun = m[2] === "password" || m[2] === "newPassword" ? "password" : m[2] === "email" ? "email address" : "name";
  const rest = m[3]!.startsWith("is ") ? `This ${noun} ${m[3]}` : m[3]!;
  const sentence = `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`;
  return { field, message: /[.!?]$/.test(sentence) ? sentence : `${sentence}.` };
}
