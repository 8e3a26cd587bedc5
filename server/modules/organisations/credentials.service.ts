import { BUILT_IN_ROLES, type Permission } from "../../../contract/permissions.js";
import type { ApiKeyResponse } from "../../../contract/organisation.js";
import { inTransaction } from "../../db/handle.js";
import { enqueueEvent } from "../events/outbox.service.js";
import { newEventSecret } from "../events/webhook-signing.service.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import type { Keyring } from "../../platform/keyring.js";
import { digest, makeToken } from "../../platform/tokens.js";
import { loadOrganisation } from "./member-view.service.js";
import { findOrganisationByKeyDigest, lockOrganisationSecrets, updateOrganisation } from "./organisations.repo.js";

const API_KEY_PERMISSIONS: ReadonlySet<Permission> = new Set(BUILT_IN_ROLES.nanoAdmin.permissions);
const NO_PERMISSIONS: ReadonlySet<Permission> = new Set();

/** A new organisation's API and player keys, and the columns that keep them (digest for lookup, sealed copy). */
export function newKeys(keyring: Keyring, now: number) {
  const apiKey = makeToken("apiKey");
  const playerKey = makeToken("playerKey");
  return {
    apiKey,
    playerKey,
    columns: {
      api_key_digest: digest(apiKey),
      api_key_enc: keyring.encrypt(apiKey),
      api_key_last4: apiKey.slice(-4),
      api_key_created_at: now,
      player_key_digest: digest(playerKey),
      player_key_enc: keyring.encrypt(playerKey),
      webhook_secret_enc: keyring.encrypt(newEventSecret()),
      webhook_previous_secret_enc: null,
      webhook_previous_secret_expires_at: null,
    },
  };
}

/** The organisation's keys: reveal and rotate the API key, and turn a presented key into an Actor. */
export function createOrgCredentials(deps: Pick<CoreDeps, "db" | "clock" | "keyring" | "notifyEvents">) {
  const { db, clock, keyring } = deps;
  return {
    async revealApiKey(actor: Actor): Promise<ApiKeyResponse> {
      const row = await loadOrganisation(db, actor.orgId);
      await writeAudit(db, { orgId: actor.orgId, actor, action: "apikey_revealed", target: row.hash, at: clock.now() });
      return {
        apiKey: keyring.decrypt(row.api_key_enc),
        last4: row.api_key_last4,
        createdAt: toIso(row.api_key_created_at),
      };
    },

    /**
     * A new key takes effect at once; the old one stops working in the same transaction. Concurrent
     * rotations queue on the organisation's row: the last to commit holds the key it returned.
     */
    async rotateApiKey(actor: Actor): Promise<ApiKeyResponse> {
      const now = clock.now();
      const apiKey = makeToken("apiKey");
      await inTransaction(db, async (trx) => {
        await lockOrganisationSecrets(trx, actor.orgId);
        await updateOrganisation(trx, actor.orgId, {
          api_key_digest: digest(apiKey),
          api_key_enc: keyring.encrypt(apiKey),
          api_key_last4: apiKey.slice(-4),
          api_key_created_at: now,
        });
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "apikey_rotated", target: null, at: now });
        // Only the last four characters: the key itself never leaves in an event.
        const data = { last4: apiKey.slice(-4), rotatedBy: actor.kind === "user" ? actor.userId : actor.kind };
        await enqueueEvent(trx, { orgId: actor.orgId, type: "apikey.rotated", data }, clock);
      });
      deps.notifyEvents?.();
      return { apiKey, last4: apiKey.slice(-4), createdAt: toIso(now) };
    },

    /** The org API key acts as nanoAdmin; the player key authenticates but grants no management permission. */
    async resolveKey(kind: "apiKey" | "playerKey", secret: string, ctx: RequestContext): Promise<Actor | null> {
      const column = kind === "apiKey" ? "api_key_digest" : "player_key_digest";
      const row = await findOrganisationByKeyDigest(db, column, digest(secret));
      if (!row) return null;
      return {
        kind,
        orgId: row.id,
        permissions: kind === "apiKey" ? API_KEY_PERMISSIONS : NO_PERMISSIONS,
        ip: ctx.ip,
        requestId: ctx.requestId,
        org: row,
      };
    },
  };
}
