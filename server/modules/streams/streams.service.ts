import { inTransaction, type Db } from "../../db/handle.js";
import type { EventType } from "../../../contract/events.js";
import type {
  CreateStreamRequest,
  StreamListQuery,
  StreamListResponse,
  StreamLiveInfo,
  StreamResponse,
  StreamState,
} from "../../../contract/stream.js";
import { STREAM_SORT_DEFAULT_DIR, type StreamSort } from "../../../contract/stream.js";
import { STREAM_TRANSITIONS } from "../../../contract/stream-states.js";
import { TAGS_PER_STREAM_MAX, tagSchema } from "../../../contract/tag.js";
import { isUniqueViolation, withRetries } from "../../db/database.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { readCounter } from "../../platform/counters.repo.js";
import { enforceQuota, precheckQuota } from "../../platform/quota.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { can } from "../../access/can.js";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { z } from "zod";
import { enqueueEvent } from "../events/outbox.service.js";
import {
  addViewers,
  allLive,
  findLive,
  findStream,
  findStreamByName,
  insertStreams,
  listStreams,
  liveOf,
  lockStream,
  markStatMissing,
  replaceTags,
  setState,
  staleLive,
  tagsInUse,
  tagsOf,
  touchLive,
  updateFromStat,
  upsertLive,
  type LiveRow,
  type StreamKey,
  type StreamRow,
} from "./streams.repo.js";
import { countStreamsSorted, keyOf as keyOfSorted, listStreamsSorted, type SortedKey } from "./stream-search.repo.js";
import {
  findStreamForIngestById,
  findStreamForPlayback,
  hlsViewerCounts,
  playbackTagsOf,
  pruneHlsViewers,
  upsertHlsViewers,
} from "./playback.repo.js";
import { createViewerChanges } from "./viewer-changes.js";

/** An HLS viewer counts while it fetched within this long (instances flush their sightings more often). */
export const HLS_VIEWER_WINDOW_MS = 30_000;

/** Trims, NFC-normalises, de-duplicates and checks a stream's tags. */
export function normaliseTags(tags: readonly unknown[]): string[] {
  if (tags.length > TAGS_PER_STREAM_MAX)
    throw badRequest(`tags: at most ${TAGS_PER_STREAM_MAX} tags per stream (got ${tags.length})`);
  const out = new Set<string>();
  tags.forEach((t, i) => {
    const r = tagSchema.safeParse(t);
    // Name the tag: among 30 tags "a tag is too long" leaves the user searching.
    if (!r.success)
      throw badRequest(`tags: ${(r.error.issues[0]?.message ?? "tag is invalid").replace(/^tag\b/, tagLabel(t, i))}`);
    out.add(r.data);
  });
  return [...out];
}

/** `tag 3 "summer-sale-2024-…"`: position and a short, printable preview of the offending tag. */
function tagLabel(t: unknown, i: number): string {
  if (typeof t !== "string") return `tag ${i + 1}`;
  const printable = t.replace(/\p{C}/gu, "?");
  return `tag ${i + 1} ${JSON.stringify(printable.length > 24 ? `${printable.slice(0, 24)}…` : printable)}`;
}

/** Which state changes an operator may make, and from where (one list, shared with the dashboard). */
const TRANSITIONS = STREAM_TRANSITIONS;
/** The event each operator transition causes (an operator's stop ends the stream as publish_done would). */
const OP_EVENTS: Record<keyof typeof TRANSITIONS, EventType> = {
  stop: "stream.ended",
  lock: "stream.locked",
  unlock: "stream.unlocked",
};

const streamKey: z.ZodType<StreamKey> = z.tuple([z.number().int(), z.string().max(64)]);

/** The cursor key of each sort (see stream-search.repo.ts). */
const SORTED_KEYS: Record<StreamSort, z.ZodType<SortedKey>> = {
  created: streamKey,
  updated: streamKey,
  name: z.tuple([z.string().max(200)]),
  state: z.tuple([z.number().int().min(0).max(9), z.number().int(), z.string().max(64)]),
};

/**
 * The name search of a list query. A prefix that is not already within the organisation's `<hash>-`
 * is taken to follow it (members type the part after the hash), so it stays one range of the
 * organisation's names either way.
 */
function searchOf(query: StreamListQuery, hash: string | undefined) {
  if (query.q === undefined) return undefined;
  const match = query.match ?? "prefix";
  if (match === "contains") return { match, text: query.q };
  const own = hash ? `${hash}-` : "";
  const text = !own || query.q.startsWith(own) || own.startsWith(query.q) ? query.q : `${own}${query.q}`;
  return { match, text };
}
/** A live stream's runtime facts as members see them. */
function presentLive(l: LiveRow): StreamLiveInfo {
  return {
    since: toIso(l.since),
    node: l.node,
    app: l.app,
    publisherAddr: l.publisher_addr,
    viewers: l.viewers,
    lastCallbackAt: toIso(l.last_callback_at),
    bytesIn: l.bytes_in,
    bytesOut: l.bytes_out,
  };
}

export interface LiveStart {
  app: string;
  node: string | null;
  addr: string | null;
  clientId: string | null;
}

export function createStreamsService(
  deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors" | "media" | "notifyEvents" | "log">,
) {
  const { db, clock, cursors, media } = deps;
  const viewerChanges = createViewerChanges(db, clock, deps.log);

  function present(row: StreamRow, tags: string[], live?: LiveRow): StreamResponse {
    return {
      id: row.id,
      name: row.name,
      state: row.state as StreamState,
      tags,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
      ingest: { rtmpUrl: deps.config.rtmpUrl, streamName: row.name },
      ...(row.state === "live" && live ? { live: presentLive(live) } : {}),
    };
  }

  /**
   * Tells every media server node to drop the stream's publisher (and, when `players`, its players).
   * A node that cannot be reached is named in the answer and in an audit row; the state change stands,
   * and the node's next callback for the stream is refused because of it.
   */
  async function enforce(actor: Actor, row: StreamRow, op: string, players: boolean): Promise<string[]> {
    if (!media.configured) return [];
    const unreached = new Set(await media.drop("publisher", row.name));
    if (players) for (const n of await media.drop("subscriber", row.name)) unreached.add(n);
    if (unreached.size > 0) {
      await writeAudit(db, {
        orgId: actor.orgId,
        actor,
        action: "stream_control_unreached",
        target: row.name,
        outcome: "failure",
        detail: { op, nodes: [...unreached] },
        at: clock.now(),
      });
    }
    return [...unreached];
  }

  async function load(actor: Actor, id: string): Promise<StreamRow> {
    const row = await findStream(db, actor.orgId, id);
    if (!row || row.state === "deleted") throw notFound("Stream");
    return row;
  }

  /** RTMP players (stream_live, corrected by /stat) plus the HLS viewers seen lately. */
  async function withHlsViewers(live: Map<string, LiveRow>): Promise<Map<string, LiveRow>> {
    const hls = await hlsViewerCounts(db, [...live.keys()], clock.now() - HLS_VIEWER_WINDOW_MS);
    for (const [id, n] of hls) {
      const l = live.get(id);
      if (l) live.set(id, { ...l, viewers: l.viewers + n });
    }
    return live;
  }

  async function view(actor: Actor, id: string): Promise<StreamResponse> {
    const row = await load(actor, id);
    const found = row.state === "live" ? await findLive(db, row.id) : undefined;
    const live = found ? (await withHlsViewers(new Map([[row.id, found]]))).get(row.id) : undefined;
    return present(row, (await tagsOf(db, actor.orgId, [row.id])).get(row.id) ?? [], live);
  }

  /**
   * Tag.CreateTag: only its holders may bring a tag into the organisation; others may use the tags
   * some stream already carries. Checked before the change (a tag that just went out of use may slip
   * through a race, which grants nothing).
   */
  async function checkNewTags(actor: Actor, tags: readonly string[]): Promise<void> {
    if (tags.length === 0 || can(actor, "Tag.CreateTag")) return;
    const known = await tagsInUse(db, actor.orgId, tags);
    const unknown = tags.filter((t) => !known.has(t));
    if (unknown.length > 0)
      throw forbidden(
        `Creating tags needs the Tag.CreateTag permission; not in use yet: ${unknown.map((t) => JSON.stringify(t)).join(", ")}`,
      );
  }

  async function createStreamForOrg(
    org: { id: string; hash: string; limits?: string | null },
    input: { tags?: readonly unknown[]; state?: string },
    actor?: Actor,
  ) {
    const tags = normaliseTags(input.tags ?? []);
    if (actor) await checkNewTags(actor, tags);
    const who = { orgId: org.id, ...(org.limits !== undefined ? { org: { limits: org.limits } } : {}) };
    const seen = await readCounter(db, org.id, "streams");
    await precheckQuota(db, who, "streams", seen);
    const now = clock.now();
    for (let attempt = 0; ; attempt++) {
      const row: StreamRow = {
        id: newId(),
        org_id: org.id,
        name: `${org.hash}-${randomBase62(5)}`,
        state: input.state ?? "created",
        created_at: now,
        updated_at: now,
      };
      try {
        await inTransaction(db, async (trx) => {
          if (actor)
            await writeAudit(trx, {
              orgId: org.id,
              actor,
              action: "stream_created",
              target: row.name,
              detail: { tags },
              at: now,
            });
          await insertStreams(trx, org.id, [{ row, tags }]);
          await streamEvent(trx, "stream.created", row, { tags });
          await enforceQuota(trx, who, "streams", () => readCounter(trx, org.id, "streams"), seen);
        });
        deps.notifyEvents?.();
        return present(row, [...tags].sort());
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 5) throw err;
      }
    }
  }

  /** The stream's event, written in the change's transaction (the outbox): ids, names and states only. */
  function streamEvent(trx: Db, type: EventType, row: StreamRow, extra: Record<string, unknown> = {}) {
    return enqueueEvent(trx, { orgId: row.org_id, type, data: { streamId: row.id, name: row.name, ...extra } }, clock);
  }

  return {
    createStreamForOrg,

    /** The media server's view: a stream by its globally unique name, with its organisation's settings. */
    findForIngest: (name: string) => findStreamByName(db, name),
    /** The same by id: RTMP viewers name the stream by its id (the name is the publishing key). */
    findForIngestById: (id: string) => findStreamForIngestById(db, id),
    /** A stream an HLS viewer asks for, with what decides whether it may be watched. */
    findForPlayback: (id: string) => findStreamForPlayback(db, id),
    playbackTags: (id: string) => playbackTagsOf(db, id),
    /** HLS viewers this instance saw (batched); counted in live.viewers for HLS_VIEWER_WINDOW_MS. */
    recordHlsViewers: (rows: Parameters<typeof upsertHlsViewers>[1]) =>
      rows.length === 0 ? Promise.resolve() : inTransaction(db, (trx) => upsertHlsViewers(trx, rows)),
    pruneHlsViewers: (before: number) => pruneHlsViewers(db, before),

    /**
     * A publish was allowed (or a node's /stat shows one): the stream is live, on that node, from now.
     * False when the stream may not go live (locked or deleted meanwhile).
     */
    async goLive(stream: { id: string; org_id: string }, start: LiveStart): Promise<boolean> {
      return withRetries(() =>
        inTransaction(db, async (trx) => {
          const row = await lockStream(trx, stream.org_id, stream.id);
          if (!row || row.state === "locked" || row.state === "deleted") return false;
          const now = clock.now();
          if (row.state !== "live") {
            await setState(trx, row, "live", now);
            await streamEvent(trx, "stream.live", row, { state: "live", node: start.node });
          }
          await upsertLive(trx, {
            stream_id: row.id,
            org_id: row.org_id,
            app: start.app,
            node: start.node,
            since: now,
            publisher_addr: start.addr,
            client_id: start.clientId,
            last_callback_at: now,
            last_seen_at: now,
            viewers: 0,
            bytes_in: null,
            bytes_out: null,
            stat_missing_since: null,
          });
          return true;
        }),
      ).finally(() => deps.notifyEvents?.());
    },

    /**
     * The stream is no longer published: live → ended. Resolves with its last live record (for the
     * duration and byte counts of publish_done), or undefined when it was not live (or, with
     * `publisher`, when the session is another publisher's: a new publish took it over meanwhile).
     */
    async endLive(
      stream: { id: string; org_id: string },
      onlyIfSeenBefore?: number,
      publisher?: { node: string | null; clientId: string | null },
    ): Promise<LiveRow | undefined> {
      return withRetries(() =>
        inTransaction(db, async (trx) => {
          const row = await lockStream(trx, stream.org_id, stream.id);
          if (!row || row.state !== "live") return undefined;
          const live = await findLive(trx, row.id);
          if (onlyIfSeenBefore !== undefined && live && live.last_seen_at >= onlyIfSeenBefore) return undefined;
          if (publisher && live && (live.node !== publisher.node || live.client_id !== publisher.clientId))
            return undefined;
          await setState(trx, row, "ended", clock.now());
          await streamEvent(trx, "stream.ended", row, { state: "ended" });
          return (
            live ?? {
              stream_id: row.id,
              org_id: row.org_id,
              app: "live",
              node: null,
              since: row.updated_at,
              publisher_addr: null,
              client_id: null,
              last_callback_at: row.updated_at,
              last_seen_at: row.updated_at,
              viewers: 0,
              bytes_in: null,
              bytes_out: null,
              stat_missing_since: null,
            }
          );
        }),
      ).finally(() => deps.notifyEvents?.());
    },

    /** A callback for the live stream: it is still being published. */
    touchLive: (streamId: string) => touchLive(db, streamId, clock.now()),
    /** A player came or went. */
    async addViewers(streamId: string, delta: number): Promise<void> {
      await addViewers(db, streamId, delta);
      viewerChanges.changed([streamId]);
    },
    /** HLS viewers came or went (open dashboards refresh the stream). */
    viewersChanged: (streamIds: Iterable<string>) => viewerChanges.changed(streamIds),
    findLive: (streamId: string) => findLive(db, streamId),
    /** Live streams nothing has been heard of since `cutoff`. */
    staleLive: (cutoff: number) => staleLive(db, cutoff),
    allLive: () => allLive(db),
    async updateFromStat(streamId: string, set: Parameters<typeof updateFromStat>[2]): Promise<void> {
      await updateFromStat(db, streamId, set);
      viewerChanges.changed([streamId]);
    },
    markStatMissing: (streamId: string) => markStatMissing(db, streamId, clock.now()),
    /** Tells the media servers to drop a stream that must not be on air (locked or deleted, yet published). */
    dropEverywhere: (name: string) => (media.configured ? media.drop("publisher", name) : Promise.resolve([])),

    async create(
      actor: Actor,
      org: { id: string; hash: string; limits: string | null },
      input: CreateStreamRequest,
    ): Promise<StreamResponse> {
      return createStreamForOrg(org, { tags: input.tags ?? [] }, actor);
    },

    async list(actor: Actor, query: StreamListQuery): Promise<StreamListResponse> {
      const rawTags = query.tag === undefined ? [] : Array.isArray(query.tag) ? query.tag : [query.tag];
      const tags = normaliseTags(rawTags).sort();
      const sort = query.sort ?? "created";
      const dir = query.dir ?? STREAM_SORT_DEFAULT_DIR[sort];
      const search = searchOf(query, actor.org?.hash);
      const filter = {
        tags,
        state: query.state ?? null,
        ...(sort !== "created" || dir !== "desc" ? { sort, dir } : {}),
      };
      const scope = { route: "stream", orgId: actor.orgId, filter: search ? { ...filter, search } : filter };
      let rows: StreamRow[];
      let total: number;
      let capped: boolean | undefined;
      let next: string | null;
      let partial = false;
      if (sort === "created" && !search) {
        // The common case keeps its own index ranges (and its tag walk along the rarest tag).
        const page = cursors.page(scope, query, streamKey);
        ({ rows, total, capped } = await listStreams(db, actor.orgId, {
          tags,
          state: query.state,
          dir,
          limit: page.limit + 1,
          offset: page.offset,
          after: page.after,
        }));
        next = cursors.next(scope, rows, page.limit, (r) => [r.created_at, r.id]);
      } else {
        const page = cursors.page(scope, query, SORTED_KEYS[sort] as z.ZodType<SortedKey>);
        const opts = {
          tags,
          state: query.state,
          sort,
          dir,
          ...(search?.match === "prefix" ? { prefix: search.text } : {}),
          ...(search?.match === "contains" ? { contains: search.text } : {}),
        };
        const [found, counted] = await Promise.all([
          listStreamsSorted(db, actor.orgId, {
            ...opts,
            limit: page.limit + 1,
            offset: page.offset,
            after: page.after,
          }),
          countStreamsSorted(db, actor.orgId, opts),
        ]);
        rows = found.rows;
        ({ total, capped } = counted);
        if (found.stoppedAt) {
          const at = found.stoppedAt;
          next = cursors.next(scope, [at, at], 1, (r) => keyOfSorted(sort, r));
          partial = true;
        } else next = cursors.next(scope, rows, page.limit, (r) => keyOfSorted(sort, r));
      }
      const shown = rows.slice(0, query.limit);
      const [byId, live] = await Promise.all([
        tagsOf(
          db,
          actor.orgId,
          shown.map((r) => r.id),
        ),
        liveOf(
          db,
          actor.orgId,
          shown.filter((r) => r.state === "live").map((r) => r.id),
        ).then(withHlsViewers),
      ]);
      return {
        streams: shown.map((r) => present(r, byId.get(r.id) ?? [], live.get(r.id))),
        total,
        ...(capped ? { totalCapped: true } : {}),
        next,
        ...(partial ? { partial: true } : {}),
      };
    },

    get: view,

    async setTags(actor: Actor, id: string, rawTags: readonly unknown[]): Promise<StreamResponse> {
      const tags = normaliseTags(rawTags);
      await checkNewTags(actor, tags);
      const now = clock.now();
      await withRetries(() =>
        inTransaction(db, async (trx) => {
          const row = await lockStream(trx, actor.orgId, id);
          if (!row || row.state === "deleted") throw notFound("Stream");
          await writeAudit(trx, {
            orgId: actor.orgId,
            actor,
            action: "stream_tags_changed",
            target: row.name,
            detail: { tags },
            at: now,
          });
          await replaceTags(trx, row, tags);
          await setState(trx, row, row.state, now);
        }),
      );
      return view(actor, id);
    },

    async transition(actor: Actor, id: string, op: keyof typeof TRANSITIONS): Promise<StreamResponse> {
      const rule = TRANSITIONS[op];
      const now = clock.now();
      const before = await withRetries(() =>
        inTransaction(db, async (trx) => {
          const row = await lockStream(trx, actor.orgId, id);
          if (!row || row.state === "deleted") throw notFound("Stream");
          if (!(rule.from as readonly StreamState[]).includes(row.state as StreamState))
            throw conflict(`Cannot ${op} a stream that is ${row.state}`);
          await writeAudit(trx, {
            orgId: actor.orgId,
            actor,
            action: `stream_${op}`,
            target: row.name,
            detail: { from: row.state, to: rule.to },
            at: now,
          });
          await setState(trx, row, rule.to, now);
          await streamEvent(trx, OP_EVENTS[op], row, { state: rule.to, previousState: row.state });
          return row;
        }),
      );
      deps.notifyEvents?.();
      // Stop and lock take the stream off the air at once; unlock has nothing to enforce.
      const unreached = op === "unlock" ? [] : await enforce(actor, before, op, op === "lock");
      return { ...(await view(actor, id)), ...(unreached.length > 0 ? { unreachedNodes: unreached } : {}) };
    },

    /** Deleting keeps the row (its name is never reused) but drops its tags and refuses every publish. */
    async remove(actor: Actor, id: string): Promise<{ unreachedNodes?: string[] }> {
      const now = clock.now();
      const before = await withRetries(() =>
        inTransaction(db, async (trx) => {
          const row = await lockStream(trx, actor.orgId, id);
          if (!row || row.state === "deleted") throw notFound("Stream");
          await writeAudit(trx, { orgId: actor.orgId, actor, action: "stream_deleted", target: row.name, at: now });
          await replaceTags(trx, row, []);
          await setState(trx, row, "deleted", now);
          await streamEvent(trx, "stream.deleted", row, { state: "deleted" });
          return row;
        }),
      );
      deps.notifyEvents?.();
      const unreached = await enforce(actor, before, "delete", true);
      return unreached.length > 0 ? { unreachedNodes: unreached } : {};
    },
  };
}
export type StreamsService = ReturnType<typeof createStreamsService>;
