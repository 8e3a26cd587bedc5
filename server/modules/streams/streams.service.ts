import type { CreateStreamRequest, StreamListQuery, StreamListResponse, StreamResponse, StreamState } from "../../../contract/stream.js";
import { TAGS_PER_STREAM_MAX, tagSchema } from "../../../contract/tag.js";
import { isUniqueViolation, withRetries } from "../../db/database.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, conflict, notFound } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { z } from "zod";
import { findStream, findStreamByName, insertStreams, listStreams, lockStream, replaceTags, setState, tagsOf, type StreamKey, type StreamRow } from "./streams.repo.js";

/** Trims, NFC-normalises, de-duplicates and checks a stream's tags. */
export function normaliseTags(tags: readonly unknown[]): string[] {
  if (tags.length > TAGS_PER_STREAM_MAX) throw badRequest(`tags: at most ${TAGS_PER_STREAM_MAX} tags per stream`);
  const out = new Set<string>();
  for (const t of tags) {
    const r = tagSchema.safeParse(t);
    if (!r.success) throw badRequest(`tags: ${r.error.issues[0]?.message ?? "tag is invalid"}`);
    out.add(r.data);
  }
  return [...out];
}

/** Which state changes an operator may make, and from where. */
const TRANSITIONS: Record<"stop" | "lock" | "unlock", { from: StreamState[]; to: StreamState }> = {
  stop: { from: ["live"], to: "ended" },
  lock: { from: ["created", "live", "ended"], to: "locked" },
  unlock: { from: ["locked"], to: "created" },
};

const streamKey: z.ZodType<StreamKey> = z.tuple([z.number().int(), z.string().max(64)]);

export function createStreamsService(deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors">) {
  const { db, clock, cursors } = deps;

  function present(row: StreamRow, tags: string[]): StreamResponse {
    return {
      id: row.id,
      name: row.name,
      state: row.state as StreamState,
      tags,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
      ingest: { rtmpUrl: deps.config.rtmpUrl, streamName: row.name },
    };
  }

  async function load(actor: Actor, id: string): Promise<StreamRow> {
    const row = await findStream(db, actor.orgId, id);
    if (!row || row.state === "deleted") throw notFound("Stream");
    return row;
  }

  async function view(actor: Actor, id: string): Promise<StreamResponse> {
    const row = await load(actor, id);
    return present(row, (await tagsOf(db, actor.orgId, [row.id])).get(row.id) ?? []);
  }

  async function createStreamForOrg(org: { id: string; hash: string }, input: { tags?: readonly unknown[]; state?: string }, actor?: Actor) {
    const tags = normaliseTags(input.tags ?? []);
    const now = clock.now();
    for (let attempt = 0; ; attempt++) {
      const row: StreamRow = { id: newId(), org_id: org.id, name: `${org.hash}-${randomBase62(5)}`, state: input.state ?? "created", created_at: now, updated_at: now };
      try {
        await db.transaction().execute(async (trx) => {
          if (actor) await writeAudit(trx, { orgId: org.id, actor, action: "stream_created", target: row.name, detail: { tags }, at: now });
          await insertStreams(trx, org.id, [{ row, tags }]);
        });
        return present(row, [...tags].sort());
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 5) throw err;
      }
    }
  }

  return {
    createStreamForOrg,

    /** The media server's view: a stream by its globally unique name, with its organisation's settings. */
    findForIngest: (name: string) => findStreamByName(db, name),

    /** State changes driven by the media server (publish → live, publish_done → ended), only from `from`. */
    async followIngest(stream: { id: string; org_id: string }, state: StreamState, from: readonly StreamState[]): Promise<void> {
      await withRetries(() =>
        db.transaction().execute(async (trx) => {
          const row = await lockStream(trx, stream.org_id, stream.id);
          if (row && from.includes(row.state as StreamState)) await setState(trx, row, state, clock.now());
        }),
      );
    },

    async create(actor: Actor, org: { id: string; hash: string }, input: CreateStreamRequest): Promise<StreamResponse> {
      return createStreamForOrg(org, { tags: input.tags ?? [] }, actor);
    },

    async list(actor: Actor, query: StreamListQuery): Promise<StreamListResponse> {
      const rawTags = query.tag === undefined ? [] : Array.isArray(query.tag) ? query.tag : [query.tag];
      const tags = normaliseTags(rawTags).sort();
      const scope = { route: "stream", orgId: actor.orgId, filter: { tags, state: query.state ?? null } };
      const page = cursors.page(scope, query, streamKey);
      const { rows, total, capped } = await listStreams(db, actor.orgId, { tags, state: query.state, limit: page.limit + 1, offset: page.offset, after: page.after });
      const shown = rows.slice(0, page.limit);
      const byId = await tagsOf(db, actor.orgId, shown.map((r) => r.id));
      return { streams: shown.map((r) => present(r, byId.get(r.id) ?? [])), total, ...(capped ? { totalCapped: true } : {}), next: cursors.next(scope, rows, page.limit, (r) => [r.created_at, r.id]) };
    },

    get: view,

    async setTags(actor: Actor, id: string, rawTags: readonly unknown[]): Promise<StreamResponse> {
      const tags = normaliseTags(rawTags);
      const now = clock.now();
      await withRetries(() =>
        db.transaction().execute(async (trx) => {
          const row = await lockStream(trx, actor.orgId, id);
          if (!row || row.state === "deleted") throw notFound("Stream");
          await writeAudit(trx, { orgId: actor.orgId, actor, action: "stream_tags_changed", target: row.name, detail: { tags }, at: now });
          await replaceTags(trx, row, tags);
          await setState(trx, row, row.state, now);
        }),
      );
      return view(actor, id);
    },

    async transition(actor: Actor, id: string, op: keyof typeof TRANSITIONS): Promise<StreamResponse> {
      const rule = TRANSITIONS[op];
      const now = clock.now();
      await withRetries(() =>
        db.transaction().execute(async (trx) => {
        const row = await lockStream(trx, actor.orgId, id);
        if (!row || row.state === "deleted") throw notFound("Stream");
        if (!rule.from.includes(row.state as StreamState)) throw conflict(`Cannot ${op} a stream that is ${row.state}`);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: `stream_${op}`, target: row.name, detail: { from: row.state, to: rule.to }, at: now });
        await setState(trx, row, rule.to, now);
        }),
      );
      return view(actor, id);
    },

    /** Deleting keeps the row (its name is never reused) but drops its tags and refuses every publish. */
    async remove(actor: Actor, id: string): Promise<void> {
      const now = clock.now();
      await withRetries(() =>
        db.transaction().execute(async (trx) => {
          const row = await lockStream(trx, actor.orgId, id);
          if (!row || row.state === "deleted") throw notFound("Stream");
          await writeAudit(trx, { orgId: actor.orgId, actor, action: "stream_deleted", target: row.name, at: now });
          await replaceTags(trx, row, []);
          await setState(trx, row, "deleted", now);
        }),
      );
    },
  };
}
export type StreamsService = ReturnType<typeof createStreamsService>;
