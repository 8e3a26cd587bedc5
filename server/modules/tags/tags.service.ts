import type { TagListQuery, TagListResponse } from "../../../contract/tag.js";
import type { Actor } from "../../platform/actor.js";
import type { CoreDeps } from "../../platform/deps.js";
import { listTags } from "./tags.repo.js";

/** The organisation's tag list is derived from its streams' tags. */
export function createTagsService(deps: Pick<CoreDeps, "db">) {
  return {
    list(actor: Actor, query: TagListQuery): Promise<TagListResponse> {
      return listTags(deps.db, actor.orgId, { limit: query.limit, offset: query.offset, ...(query.q ? { q: query.q } : {}) });
    },
  };
}
export type TagsService = ReturnType<typeof createTagsService>;
