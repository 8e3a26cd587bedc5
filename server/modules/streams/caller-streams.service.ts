import type { CreateStreamRequest, StreamResponse } from "../../../contract/stream.js";
import type { Actor } from "../../platform/actor.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "./streams.service.js";

/**
 * Stream operations that also need the caller's organisation (its hash names the stream, its limits
 * cap the count), composed here so a route makes one service call.
 */
export function createCallerStreamsService(
  streams: Pick<StreamsService, "create">,
  orgs: Pick<OrganisationsService, "identity">,
) {
  return {
    async create(actor: Actor, input: CreateStreamRequest): Promise<StreamResponse> {
      return streams.create(actor, await orgs.identity(actor), input);
    },
  };
}
export type CallerStreamsService = ReturnType<typeof createCallerStreamsService>;
