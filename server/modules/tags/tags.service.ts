import type { TagListQuery, TagListResponse } from "../../../contract/tag.js";
import { tagSchema } from "../../../contract/tag.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { listTags, renameTagEverywhere, removeTagEverywhere, streamsWithTag } from "./tags.repo.js";

function parseTag(value: string, field: string): string {
  const r = tagSchema.safeParse(value);
  if (!r.success) throw badRequest(`${field}: ${r.error.issues[0]?.message ?? "invalid tag"}`);
  return r.data;
}

/** The organisation's tag list is derived from its streams' tags; renaming and deleting apply to every stream. */
export function createTagsService(deps: Pick<CoreDeps, "db" | "clock">) {
  const { db, clock } = deps;
  return {
    list(actor: Actor, query: TagListQuery): Promise<TagListResponse> {
      return listTags(db, actor.orgId, { limit: query.limit, offset: query.offset, ...(query.q ? { q: query.q } : {}) });
    },

    async rename(actor: Actor, fromRaw: string, toRaw: string): Promise<{ name: string; streams: number }> {
      const from = parseTag(fromRaw, "tag");
      const to = parseTag(toRaw, "name");
      return db.transaction().execute(async (trx) => {
        const streams = await streamsWithTag(trx, actor.orgId, from);
        if (streams === 0) throw notFound("Tag");
        if (from !== to) await renameTagEverywhere(trx, actor.orgId, from, to);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "tag_renamed", target: from, detail: { to, streams }, at: clock.now() });
        return { name: to, streams: await streamsWithTag(trx, actor.orgId, to) };
      });
    },

    async remove(actor: Actor, raw: string): Promise<{ name: string; streams: number }> {
      const tag = parseTag(raw, "tag");
      return db.transaction().execute(async (trx) => {
        const streams = await streamsWithTag(trx, actor.orgId, tag);
        if (streams === 0) throw notFound("Tag");
        await removeTagEverywhere(trx, actor.orgId, tag);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "tag_deleted", target: tag, detail: { streams }, at: clock.now() });
        return { name: tag, streams };
      });
    },
  };
}
export type TagsService = ReturnType<typeof createTagsService>;
