import { inTransaction } from "../../db/handle.js";
import type { TagListQuery, TagListResponse } from "../../../contract/tag.js";
import { tagSchema } from "../../../contract/tag.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, notFound } from "../../platform/errors.js";
import { z } from "zod";
import { withRetries } from "../../db/database.js";
import {
  listTags,
  lockTagChanges,
  renameTagEverywhere,
  removeTagEverywhere,
  streamsWithTag,
  type TagKey,
} from "./tags.repo.js";

const tagKey: z.ZodType<TagKey> = z.tuple([z.string().max(512), z.string().max(512)]);

function parseTag(value: string, field: string): string {
  const r = tagSchema.safeParse(value);
  if (!r.success) throw badRequest(`${field}: ${r.error.issues[0]?.message ?? "invalid tag"}`);
  return r.data;
}

/** The organisation's tag list is derived from its streams' tags; renaming and deleting apply to every stream. */
export function createTagsService(deps: Pick<CoreDeps, "db" | "clock" | "cursors">) {
  const { db, clock, cursors } = deps;
  return {
    /** Whether some stream of the organisation carries the tag (its maintained count). */
    async inUse(orgId: string, tag: string): Promise<boolean> {
      return (await streamsWithTag(db, orgId, tag)) > 0;
    },

    async list(actor: Actor, query: TagListQuery): Promise<TagListResponse> {
      const search = query.q?.trim() || undefined;
      const scope = { route: "tag", orgId: actor.orgId, filter: { q: search?.toLowerCase() ?? null } };
      const page = cursors.page(scope, query, tagKey);
      const { rows, total } = await listTags(db, actor.orgId, {
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
        q: search,
      });
      return {
        tags: rows.slice(0, page.limit).map((r) => ({ name: r.name, streams: r.streams })),
        total,
        next: cursors.next(scope, rows, page.limit, (r) => [r.nameLower, r.name]),
      };
    },

    async rename(actor: Actor, fromRaw: string, toRaw: string): Promise<{ name: string; streams: number }> {
      const from = parseTag(fromRaw, "tag");
      const to = parseTag(toRaw, "name");
      return withRetries(() =>
        inTransaction(db, async (trx) => {
          await lockTagChanges(trx, actor.orgId);
          const streams = await streamsWithTag(trx, actor.orgId, from);
          if (streams === 0) throw notFound("Tag");
          await writeAudit(trx, {
            orgId: actor.orgId,
            actor,
            action: "tag_renamed",
            target: from,
            detail: { to, streams },
            at: clock.now(),
          });
          if (from !== to) await renameTagEverywhere(trx, actor.orgId, from, to);
          return { name: to, streams: await streamsWithTag(trx, actor.orgId, to) };
        }),
      );
    },

    async remove(actor: Actor, raw: string): Promise<{ name: string; streams: number }> {
      const tag = parseTag(raw, "tag");
      return withRetries(() =>
        inTransaction(db, async (trx) => {
          await lockTagChanges(trx, actor.orgId);
          const streams = await streamsWithTag(trx, actor.orgId, tag);
          if (streams === 0) throw notFound("Tag");
          await writeAudit(trx, {
            orgId: actor.orgId,
            actor,
            action: "tag_deleted",
            target: tag,
            detail: { streams },
            at: clock.now(),
          });
          await removeTagEverywhere(trx, actor.orgId, tag);
          return { name: tag, streams };
        }),
      );
    },
  };
}
export type TagsService = ReturnType<typeof createTagsService>;
