import { TAGS_PER_STREAM_MAX, tagSchema } from "../../../contract/tag.js";
import { isUniqueViolation } from "../../db/database.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { insertStream } from "./streams.repo.js";

/** Trims, NFC-normalises, de-duplicates and checks a stream's tags. */
export function normaliseTags(tags: readonly unknown[]): string[] {
  if (tags.length > TAGS_PER_STREAM_MAX) throw badRequest(`tags: at most ${TAGS_PER_STREAM_MAX} tags per stream`);
  const out = new Set<string>();
  for (const t of tags) {
    const r = tagSchema.safeParse(t);
    if (!r.success) throw badRequest(r.error.issues[0]?.message ?? "tag is invalid");
    out.add(r.data);
  }
  return [...out];
}

/** Streams; the HTTP side arrives with the streams issue, the operator demo uses it already. */
export function createStreamsService(deps: Pick<CoreDeps, "db" | "clock">) {
  return {
    async createStreamForOrg(org: { id: string; hash: string }, input: { tags?: readonly unknown[]; state?: string }) {
      const tags = normaliseTags(input.tags ?? []);
      const now = deps.clock.now();
      for (let attempt = 0; ; attempt++) {
        const row = { id: newId(), org_id: org.id, name: `${org.hash}-${randomBase62(5)}`, state: input.state ?? "created", created_at: now, updated_at: now };
        try {
          await deps.db.transaction().execute((trx) => insertStream(trx, row, tags));
          return { id: row.id, name: row.name, state: row.state, tags };
        } catch (err) {
          if (!isUniqueViolation(err) || attempt >= 5) throw err;
        }
      }
    },
  };
}
export type StreamsService = ReturnType<typeof createStreamsService>;
