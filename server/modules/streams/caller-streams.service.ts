import type {
  CreateStreamRequest,
  StreamListQuery,
  StreamListResponse,
  StreamResponse,
} from "../../../contract/stream.js";
import type { Actor } from "../../platform/actor.js";
import { hasPackage } from "../../platform/packages.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamPlayoutService } from "./playout.service.js";
import type { StreamsService } from "./streams.service.js";

/**
 * Which of these streams of the organisation have a thumbnail, and the path answers carry for one (the
 * thumbnails module's, passed in when app.ts wires services: it comes after streams).
 */
export interface StreamThumbnails {
  withThumbnail(orgId: string, streamIds: readonly string[]): Promise<Set<string>>;
  path(streamId: string): string;
}

/**
 * Stream operations that also need the caller's organisation (its hash names the stream, its limits
 * cap the count, its packages decide `playout`), composed here so a route makes one service call.
 */
export function createCallerStreamsService(
  streams: Pick<StreamsService, "create" | "list" | "get" | "setTags" | "transition">,
  orgs: Pick<OrganisationsService, "identity" | "caller">,
  playout: StreamPlayoutService,
  thumbnails?: StreamThumbnails,
) {
  async function withPlayout<T extends StreamResponse>(actor: Actor, list: T[]): Promise<T[]> {
    if (list.length === 0) return list;
    const org = await orgs.caller(actor);
    const answers = await playout.add(org, list);
    if (!thumbnails || !hasPackage(org, "liveProcessing.thumbnail")) return answers;
    // One query for the whole page, not one per stream.
    const have = await thumbnails.withThumbnail(
      org.id,
      list.map((s) => s.id),
    );
    return answers.map((s) => (have.has(s.id) ? { ...s, thumbnailUrl: thumbnails.path(s.id) } : s));
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
