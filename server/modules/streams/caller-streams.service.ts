import type {
  CreateStreamRequest,
  StreamListQuery,
  StreamListResponse,
  StreamResponse,
} from "../../../contract/stream.js";
import type { Actor } from "../../platform/actor.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamPlayoutService } from "./playout.service.js";
import type { StreamsService } from "./streams.service.js";

/**
 * Stream operations that also need the caller's organisation (its hash names the stream, its limits
 * cap the count, its packages decide `playout`), composed here so a route makes one service call.
 */
export function createCallerStreamsService(
  streams: Pick<StreamsService, "create" | "list" | "get" | "setTags" | "transition">,
  orgs: Pick<OrganisationsService, "identity" | "caller">,
  playout: StreamPlayoutService,
) {
  async function withPlayout<T extends StreamResponse>(actor: Actor, list: T[]): Promise<T[]> {
    return list.length === 0 ? list : playout.add(await orgs.caller(actor), list);
  }
  const one = async <T extends StreamResponse>(actor: Actor, s: T): Promise<T> => (await withPlayout(actor, [s]))[0]!;

  return {
    async create(actor: Actor, input: CreateStreamRequest): Promise<StreamResponse> {
      return one(actor, await streams.create(actor, await orgs.identity(actor), input));
    },
    async list(actor: Actor, query: StreamListQuery): Promise<StreamListResponse> {
      const page = await streams.list(actor, query);
      return { ...page, streams: await withPlayout(actor, page.streams) };
    },
    get: async (actor: Actor, id: string) => one(actor, await streams.get(actor, id)),
    setTags: async (actor: Actor, id: string, tags: readonly unknown[]) =>
      one(actor, await streams.setTags(actor, id, tags)),
    transition: async (actor: Actor, id: string, op: Parameters<StreamsService["transition"]>[2]) =>
      one(actor, await streams.transition(actor, id, op)),
  };
}
export type CallerStreamsService = ReturnType<typeof createCallerStreamsService>;
