import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../../contract/auth-limits.js";

export type PasswordFieldName = "password" | "confirm";

/** The checks the server makes too (it also refuses common passwords); empty when both fields are fine. */
export function passwordProblems(password: string, confirm: string): Partial<Record<PasswordFieldName, string>> {
  const out: Partial<Record<PasswordFieldName, string>> = {};
  if (!password) out.password = "Choose a new password.";
  else if (password.length < PASSWORD_MIN_LENGTH)
    out.password = `Use at least ${PASSWORD_MIN_LENGTH} characters; a passphrase of a few words is best.`;
  else if (password.length > PASSWORD_MAX_LENGTH) out.password = `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (!confirm) out.confirm = "Repeat the new password.";
  else if (confirm !== password) out.confirm = "The two passwords do not match.";
  return out;
}
