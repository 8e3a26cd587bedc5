import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { EVENT_SECRET_PREFIX } from "../../../contract/events.js";
import type { Keyring } from "../../platform/keyring.js";

/** How long a rotated-out secret keeps signing, so receivers can switch without losing events. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/** `whsec_<base64 of 32 random bytes>`, the form Standard Webhooks libraries accept as is. */
export function newEventSecret(): string {
  return `${EVENT_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The sealed secret columns of an endpoint. */
export interface SealedSecrets {
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: number | null;
}

/** The secrets that sign right now: the current one, and the previous one during its overlap. */
export function signingSecrets(row: SealedSecrets, keyring: Keyring, now: number): string[] {
  const secrets = [keyring.decrypt(row.secret_enc)];
  if (
    row.previous_secret_enc !== null &&
    row.previous_secret_expires_at !== null &&
    now < row.previous_secret_expires_at
  ) {
    secrets.push(keyring.decrypt(row.previous_secret_enc));
  }
  return secrets;
}

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/**
 * The three Standard Webhooks headers. Several secrets give several `v1,<base64>` signatures,
 * space-separated in one header, as the specification allows; a receiver accepts any that matches.
 */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const at = new Date(timestampSeconds * 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(id, at, body)).join(" "),
  };
}
