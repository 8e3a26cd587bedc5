import {
  MAX_PLAYBACK_KEYS,
  type CreatedPlaybackKeyResponse,
  type CreatePlaybackKeyRequest,
  type PlaybackClaims,
  type PlaybackKeyListResponse,
  type PlaybackTokenResponse,
  type StreamPlaybackTokenRequest,
  type TagPlaybackTokenRequest,
} from "../../../contract/playback.js";
import { inTransaction } from "../../db/handle.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { conflict, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { requirePackage } from "../../platform/packages.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "../streams/streams.service.js";
import type { TagsService } from "../tags/tags.service.js";
import { mintClaims, signClaims, type MintOptions, type PlaybackTarget } from "./mint.js";
import * as repo from "./playback.repo.js";
import { presentKey } from "./playback.presenter.js";
import { createKeyStore, newKeyPair } from "./signing-keys.js";
import { createVerifiedTokens, verifyPlaybackToken, type PlaybackCheck, type PlaybackVerdict } from "./verify.js";

export type { PlaybackCheck, PlaybackVerdict } from "./verify.js";
export type { MintOptions, PlaybackTarget } from "./mint.js";

/**
 * Secure playback: tokens minted with the organisation's own key (made on first use, sealed with the
 * server key), customer signing keys (public half only), and the one verification every play goes
 * through. Tokens are not tied to a member's session: token-key resets and password changes leave them.
 */
export function createPlaybackService(
  deps: Pick<CoreDeps, "db" | "clock" | "keyring">,
  streams: Pick<StreamsService, "get">,
  tags: Pick<TagsService, "inUse">,
  orgs: Pick<OrganisationsService, "caller">,
) {
  const { db, clock } = deps;
  const keys = createKeyStore(deps);
  const verified = createVerifiedTokens();

  async function mintPlaybackToken(
    orgId: string,
    target: PlaybackTarget,
    opts: MintOptions = {},
  ): Promise<{ token: string; expiresAt: string; claims: PlaybackClaims }> {
    const claims = mintClaims(target, opts, clock.now());
    const token = await signClaims(claims, await keys.signingKey(orgId));
    return { token, expiresAt: toIso(claims.exp * 1000), claims };
  }

  // The object is looked up first: another organisation's stream or tag reads as missing (404), not 403.
  async function requireSecure(actor: Actor): Promise<void> {
    requirePackage(await orgs.caller(actor), "secure");
  }

  return {
    /** Whether this token lets this viewer play this stream now; the caller decides whether one is needed. */
    verifyPlayback(input: PlaybackCheck): Promise<PlaybackVerdict> {
      return verifyPlaybackToken(input, keys.publicKey, clock.now(), verified);
    },

    mintPlaybackToken,

    async mintForStream(
      actor: Actor,
      streamId: string,
      body: StreamPlaybackTokenRequest,
    ): Promise<PlaybackTokenResponse> {
      await streams.get(actor, streamId);
      await requireSecure(actor);
      return mintPlaybackToken(actor.orgId, { streamId }, body);
    },

    async mintForTag(actor: Actor, body: TagPlaybackTokenRequest): Promise<PlaybackTokenResponse> {
      const { tag, ...opts } = body;
      if (!(await tags.inUse(actor.orgId, tag))) throw notFound("Tag");
      await requireSecure(actor);
      return mintPlaybackToken(actor.orgId, { tag }, opts);
    },

    async createKey(actor: Actor, body: CreatePlaybackKeyRequest): Promise<CreatedPlaybackKeyResponse> {
      await requireSecure(actor);
      const pair = await newKeyPair();
      const row = {
        id: newId(),
        org_id: actor.orgId,
        kid: pair.kid,
        held_by: null,
        name: body.name ?? null,
        public_jwk: pair.publicJwk,
        private_key_enc: null,
        created_at: clock.now(),
      };
      await inTransaction(db, async (trx) => {
        if ((await repo.countCustomerKeys(trx, actor.orgId)) >= MAX_PLAYBACK_KEYS)
          throw conflict(
            `An organisation may have at most ${MAX_PLAYBACK_KEYS} playback signing keys; delete one first`,
            "quota_exceeded",
          );
        await repo.insertCustomerKey(trx, row);
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "playback_key_created",
          target: row.kid,
          detail: { id: row.id, name: row.name },
          at: row.created_at,
        });
      });
      // The private half leaves with this answer and is kept nowhere.
      return { ...presentKey(row), privateKey: pair.privatePem };
    },

    async listKeys(actor: Actor): Promise<PlaybackKeyListResponse> {
      return { keys: (await repo.listCustomerKeys(db, actor.orgId)).map(presentKey) };
    },

    async deleteKey(actor: Actor, id: string): Promise<void> {
      const gone = await inTransaction(db, async (trx) => {
        const row = await repo.deleteCustomerKey(trx, actor.orgId, id);
        if (!row) throw notFound("Playback key");
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "playback_key_deleted",
          target: row.kid,
          detail: { id, name: row.name },
          at: clock.now(),
        });
        return row;
      });
      keys.forget(actor.orgId, gone.kid);
    },
  };
}
export type PlaybackService = ReturnType<typeof createPlaybackService>;
