import type { VodListQuery, VodListResponse } from "../../../contract/vod.js";
import type { Actor } from "../../platform/actor.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { VodService } from "./vod.service.js";

/**
 * Recording operations that also need the caller's organisation (its hash is in every file URL and
 * folder, its VOD switch in the list), composed here so a route makes one service call.
 */
export function createCallerVodsService(
  vods: Pick<VodService, "list" | "remove">,
  orgs: Pick<OrganisationsService, "get" | "identity">,
) {
  return {
    async list(actor: Actor, query: VodListQuery): Promise<VodListResponse> {
      const org = await orgs.get(actor);
      return vods.list(actor, query, { hash: org.hash, vodPublic: org.vodPublic });
    },
    async remove(actor: Actor, id: string): Promise<void> {
      const { hash } = await orgs.identity(actor);
      await vods.remove(actor, id, hash);
    },
  };
}
export type CallerVodsService = ReturnType<typeof createCallerVodsService>;
