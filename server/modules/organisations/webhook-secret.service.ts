import { inTransaction } from "../../db/handle.js";
import type { WebhookSecretResponse } from "../../../contract/organisation.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { newEventSecret, ROTATION_OVERLAP_MS } from "../events/webhook-signing.service.js";
import { loadOrganisation } from "./member-view.service.js";
import { notFound } from "../../platform/errors.js";
import {
  lockOrganisationSecrets,
  orgsWithoutWebhookSecret,
  setMissingWebhookSecret,
  updateOrganisation,
} from "./organisations.repo.js";

/**
 * The secret that signs every call to the organisation's webhook: shown to Organisation.SetWebhook
 * holders (audited), rotated with a 24 h overlap during which calls carry both signatures.
 */
export function createWebhookSecrets(deps: Pick<CoreDeps, "db" | "clock" | "keyring">) {
  const { db, clock, keyring } = deps;

  /** The organisation's row, with a secret made for it first if it predates migration 0011. */
  async function loadWithSecret(orgId: string) {
    const row = await loadOrganisation(db, orgId);
    if (row.webhook_secret_enc !== null) return row;
    await setMissingWebhookSecret(db, orgId, keyring.encrypt(newEventSecret()));
    return loadOrganisation(db, orgId);
  }

  return {
    async revealWebhookSecret(actor: Actor): Promise<WebhookSecretResponse> {
      const row = await loadWithSecret(actor.orgId);
      await writeAudit(db, {
        orgId: actor.orgId,
        actor,
        action: "webhook_secret_revealed",
        target: row.hash,
        at: clock.now(),
      });
      return { secret: keyring.decrypt(row.webhook_secret_enc!) };
    },

    /**
     * A new secret signs at once; the old one keeps signing beside it for 24 hours. Read and written
     * under the organisation's row lock: of concurrent rotations each keeps the secret the one before
     * it returned, so the overlap never holds a secret no caller was given.
     */
    async rotateWebhookSecret(actor: Actor): Promise<WebhookSecretResponse> {
      const secret = newEventSecret();
      const sealed = keyring.encrypt(secret);
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        const current = await lockOrganisationSecrets(trx, actor.orgId);
        if (!current) throw notFound("Organisation");
        await updateOrganisation(trx, actor.orgId, {
          webhook_secret_enc: sealed,
          // An organisation from before migration 0011 never showed its secret to anyone: no overlap.
          webhook_previous_secret_enc: current.webhook_secret_enc,
          webhook_previous_secret_expires_at: current.webhook_secret_enc === null ? null : now + ROTATION_OVERLAP_MS,
        });
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "webhook_secret_rotated",
          target: current.hash,
          at: now,
        });
      });
      return { secret };
    },

    /** The secrets that sign a call right now: the current one, and the previous one during its overlap. */
    async webhookSigningSecrets(orgId: string): Promise<string[]> {
      const row = await loadWithSecret(orgId);
      const secrets = [keyring.decrypt(row.webhook_secret_enc!)];
      const previous = row.webhook_previous_secret_enc;
      const until = row.webhook_previous_secret_expires_at;
      if (previous !== null && until !== null && clock.now() < until) secrets.push(keyring.decrypt(previous));
      return secrets;
    },

    /** Start-up backfill: every organisation from before migration 0011 gets its secret. */
    async fillMissingWebhookSecrets(): Promise<number> {
      const ids = await orgsWithoutWebhookSecret(db);
      for (const id of ids) await setMissingWebhookSecret(db, id, keyring.encrypt(newEventSecret()));
      return ids.length;
    },
  };
}
