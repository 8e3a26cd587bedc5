import type { OrganisationResponse } from "../../../contract/organisation.js";
import { can } from "../../access/can.js";
import { inTransaction, type Db } from "../../db/handle.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { notFound } from "../../platform/errors.js";
import { checkWebhookUrl } from "../../platform/webhook-url.js";
import { findOrganisation, updateOrganisation, type OrganisationRow } from "./organisations.repo.js";
import { presentOrganisation } from "./organisations.presenter.js";

export async function loadOrganisation(db: Db, orgId: string): Promise<OrganisationRow> {
  const row = await findOrganisation(db, orgId);
  if (!row) throw notFound("Organisation");
  return row;
}

/** The organisation as its members see and change it: the overview, the webhook, the VOD switch. */
export function createMemberView(deps: Pick<CoreDeps, "db" | "clock" | "keyring" | "config">) {
  const { db, clock, keyring } = deps;
  const loadOrg = (orgId: string) => loadOrganisation(db, orgId);

  /** The caller's organisation: as read with the credential in this request, or from the database. */
  async function callerOrg(actor: Actor): Promise<OrganisationRow> {
    return actor.org ?? loadOrg(actor.orgId);
  }

  // Decrypting on every overview read is wasted work: the sealed value changes whenever the key does.
  const playerKeys = new Map<string, string>();
  function playerKey(sealed: string): string {
    let plain = playerKeys.get(sealed);
    if (plain === undefined) {
      if (playerKeys.size > 1000) playerKeys.clear();
      plain = keyring.decrypt(sealed);
      playerKeys.set(sealed, plain);
    }
    return plain;
  }

  function view(row: OrganisationRow, actor: Actor): OrganisationResponse {
    return presentOrganisation(row, {
      // MetricKey.Get: the player key is publishable, yet a custom role may leave it out.
      playerKey: can(actor, "MetricKey.Get") ? playerKey(row.player_key_enc) : null,
      tokenExpiresAt: actor.kind === "user" ? actor.tokenExpiresAt : null,
      showApiKey: can(actor, "ApiKey.Get"),
    });
  }

  return {
    /** Id, hash and limits of the caller's organisation, for naming and counting its streams. */
    async identity(actor: Actor): Promise<{ id: string; hash: string; limits: string | null }> {
      const row = await callerOrg(actor);
      return { id: row.id, hash: row.hash, limits: row.limits };
    },

    /** The caller's organisation row (as read with the credential in this request, when it was). */
    caller: (actor: Actor) => callerOrg(actor),

    async get(actor: Actor): Promise<OrganisationResponse> {
      return view(await callerOrg(actor), actor);
    },

    async setWebhook(actor: Actor, webhook: string | null): Promise<OrganisationResponse> {
      const url =
        webhook === null || webhook.trim() === ""
          ? null
          : checkWebhookUrl(webhook, deps.config.webhookAllowPrivate, deps.config.webhookPorts);
      await inTransaction(db, async (trx) => {
        const before = await findOrganisation(trx, actor.orgId);
        if (!before) throw notFound("Organisation");
        await updateOrganisation(trx, actor.orgId, { webhook: url });
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "webhook_changed",
          target: url,
          detail: { from: before.webhook, to: url },
          at: clock.now(),
        });
      });
      return view(await loadOrg(actor.orgId), actor);
    },

    /** A member's rename (Organisation.Rename), audited with the old and the new name. */
    async rename(actor: Actor, name: string): Promise<OrganisationResponse> {
      await inTransaction(db, async (trx) => {
        const before = await findOrganisation(trx, actor.orgId);
        if (!before) throw notFound("Organisation");
        if (before.name === name) return;
        await updateOrganisation(trx, actor.orgId, { name });
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "org_renamed",
          target: name,
          detail: { from: before.name, to: name },
          at: clock.now(),
        });
      });
      return view(await loadOrg(actor.orgId), actor);
    },

    async setVodPublic(actor: Actor, isPublic: boolean): Promise<OrganisationResponse> {
      await inTransaction(db, async (trx) => {
        await updateOrganisation(trx, actor.orgId, { vod_public: isPublic ? 1 : 0 });
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "vod_visibility_changed",
          target: isPublic ? "public" : "private",
          at: clock.now(),
        });
      });
      return view(await loadOrg(actor.orgId), actor);
    },
  };
}
