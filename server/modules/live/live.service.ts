import type { Db } from "../../db/handle.js";
import {
  LIVE_KINDS,
  LIVE_MAX_AGE_S,
  LIVE_STREAMS_PER_USER,
  LIVE_TOPICS,
  isLiveKind,
  type LiveChange,
  type LiveClosed,
  type LiveReady,
} from "../../../contract/live-updates.js";
import type { Permission } from "../../../contract/permissions.js";
import type { Actor } from "../../platform/actor.js";
import type { ServiceLogger } from "../../platform/deps.js";
import { tooManyRequests, unavailable } from "../../platform/errors.js";
import { CREDENTIALS_CHANGED } from "../../platform/live-feed.js";
import { latestLiveChangeId, liveChangesAfter, type LiveChangeRow } from "../../platform/live-feed.repo.js";

/** Where a stream's text goes: the HTTP response, or a test's buffer. */
export interface LiveSink {
  /** False when the socket's buffer is full (the client reads too slowly). */
  write(chunk: string): boolean;
  end(): void;
  /** Bytes written but not yet taken by the client. */
  readonly backlog: number;
}

/** What tells whether the tokens of open streams still stand (users/token-standing.service.ts). */
export type TokenStandingCheck = (
  digests: readonly string[],
) => Promise<Map<string, { orgId: string; userId: string; permissions: ReadonlySet<Permission> }>>;

export interface LiveOptions {
  /** How often this instance reads the change feed while it has open streams. */
  pollMs?: number;
  /** How often the tokens of open streams are checked (also at once after a credential change). */
  checkMs?: number;
  /** A comment line at least this often keeps proxies from closing an idle stream. */
  heartbeatMs?: number;
  /** How long an id skipped in the feed is looked for again (its transaction may commit later). */
  gapWaitMs?: number;
  maxPerUser?: number;
}

interface Connection {
  id: number;
  orgId: string;
  userId: string;
  tokenDigest: string;
  permissions: ReadonlySet<Permission>;
  sink: LiveSink | null;
  /** Frames written before the sink was attached. */
  queued: string[];
  maxAgeTimer?: NodeJS.Timeout;
  closed: boolean;
}

/** The most a slow client may leave unread before its stream is ended (it reconnects and refetches). */
const MAX_BACKLOG = 256 * 1024;
const BATCH = 500;
const MAX_GAPS = 2_000;

function frame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * Live updates for open dashboards (`GET /api/live-updates`). Each instance keeps its open streams in
 * memory and, while it has any, runs ONE reader of the change feed (`live_changes`, written by every
 * instance in the changes' own transactions): every `pollMs` it reads the rows after the last id it
 * saw and hands each to the streams of that organisation whose member may read its topic. So a change
 * made on any instance reaches every instance's streams within a poll, and the database sees one
 * query per poll per instance however many streams are open.
 *
 * PostgreSQL hands out identity values when rows are inserted, not when they commit, so a reader can
 * see id 8 before id 7 commits: skipped ids are looked for again for `gapWaitMs`.
 *
 * The tokens of all open streams are checked together every `checkMs` (one query), and at once when
 * the feed says a credential of the organisation changed: a revoked, expired or idle token, or a member
 * removed, ends the stream; a role whose permissions changed changes what the stream carries.
 */
export function createLiveUpdates(
  deps: { db: Db; standing: TokenStandingCheck; log?: ServiceLogger },
  o: LiveOptions = {},
) {
  const { db } = deps;
  const pollMs = o.pollMs ?? 500;
  const checkMs = o.checkMs ?? 5_000;
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const gapWaitMs = o.gapWaitMs ?? 10_000;
  const maxPerUser = o.maxPerUser ?? LIVE_STREAMS_PER_USER;

  const connections = new Map<number, Connection>();
  let nextId = 1;
  let cursor: number | null = null;
  let starting: Promise<void> | null = null;
  const gaps = new Map<number, number>();
  let pollTimer: NodeJS.Timeout | undefined;
  let checkTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let polling = false;
  let checking: Promise<void> | null = null;
  let checkSoon: NodeJS.Timeout | undefined;
  let stopped = false;

  const warn = (err: unknown, msg: string) =>
    deps.log?.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, msg);

  function mayHear(c: Connection, kind: string): boolean {
    if (!isLiveKind(kind)) return false;
    const anyOf: readonly Permission[] = LIVE_TOPICS[LIVE_KINDS[kind]];
    return anyOf.some((p) => c.permissions.has(p));
  }

  function write(c: Connection, chunk: string): void {
    if (c.closed) return;
    if (!c.sink) {
      c.queued.push(chunk);
      return;
    }
    c.sink.write(chunk);
    // A client that stopped reading is let go instead of buffering for it without bound.
    if (c.sink.backlog > MAX_BACKLOG) close(c, null);
  }

  function close(c: Connection, reason: LiveClosed["reason"] | null): void {
    if (c.closed) return;
    if (reason && c.sink) c.sink.write(frame("closed", { reason } satisfies LiveClosed));
    c.closed = true;
    clearTimeout(c.maxAgeTimer);
    connections.delete(c.id);
    c.sink?.end();
    if (connections.size === 0) idle();
  }

  /** Delivers one feed row to the streams that may hear it. */
  function deliver(rows: readonly LiveChangeRow[]): void {
    const byConnection = new Map<Connection, string[]>();
    let credentials = false;
    for (const r of rows) {
      if (r.kind === CREDENTIALS_CHANGED) {
        credentials ||= [...connections.values()].some((c) => c.orgId === r.org_id);
        continue;
      }
      // Permissions may have changed with a role: look again soon rather than wait for the next check.
      if (r.kind.startsWith("role.") || r.kind.startsWith("member.")) credentials = true;
      for (const c of connections.values()) {
        if (c.orgId !== r.org_id || !mayHear(c, r.kind)) continue;
        const change: LiveChange = { kind: r.kind as LiveChange["kind"], id: r.subject_id };
        const list = byConnection.get(c) ?? [];
        list.push(frame("change", change));
        byConnection.set(c, list);
      }
    }
    for (const [c, frames] of byConnection) write(c, frames.join(""));
    if (credentials) scheduleCheck(50);
  }

  async function poll(): Promise<void> {
    if (polling || cursor === null) return;
    polling = true;
    try {
      for (;;) {
        const after: number = cursor;
        const rows = await liveChangesAfter(db, after, [...gaps.keys()], BATCH);
        const now = performance.now();
        for (const r of rows) {
          if (r.id <= after) gaps.delete(r.id);
          else if (cursor !== null && r.id > cursor) {
            for (let g = cursor + 1; g < r.id && gaps.size < MAX_GAPS; g++) gaps.set(g, now + gapWaitMs);
            cursor = r.id;
          }
        }
        for (const [g, until] of gaps) if (until <= now) gaps.delete(g);
        deliver(rows);
        if (rows.length < BATCH || cursor === null) break;
      }
    } catch (err) {
      warn(err, "live updates could not read the change feed");
    } finally {
      polling = false;
    }
  }

  async function check(): Promise<void> {
    const open = [...connections.values()];
    if (open.length === 0) return;
    let standing: Awaited<ReturnType<TokenStandingCheck>>;
    try {
      standing = await deps.standing([...new Set(open.map((c) => c.tokenDigest))]);
    } catch (err) {
      // The database is away: keep the streams; the next check decides.
      warn(err, "live updates could not check the tokens of open streams");
      return;
    }
    for (const c of open) {
      const s = standing.get(c.tokenDigest);
      if (!s || s.orgId !== c.orgId || s.userId !== c.userId) close(c, "credential");
      else c.permissions = s.permissions;
    }
  }

  function runCheck(): Promise<void> {
    checking ??= check().finally(() => (checking = null));
    return checking;
  }

  function scheduleCheck(ms: number): void {
    checkSoon ??= setTimeout(() => {
      checkSoon = undefined;
      void runCheck();
    }, ms);
    checkSoon.unref();
  }

  /** The first stream of this instance: find where the feed ends now and start reading it. */
  function ensureRunning(): Promise<void> {
    if (cursor !== null) return Promise.resolve();
    starting ??= latestLiveChangeId(db)
      .then((id) => {
        // Every stream may have closed meanwhile; then the next one starts afresh.
        if (connections.size === 0) return;
        cursor = id;
        pollTimer = setInterval(() => void poll(), pollMs);
        checkTimer = setInterval(() => void runCheck(), checkMs);
        heartbeatTimer = setInterval(() => {
          for (const c of connections.values()) write(c, ": keep-alive\n\n");
        }, heartbeatMs);
        for (const t of [pollTimer, checkTimer, heartbeatTimer]) t.unref();
      })
      .finally(() => (starting = null));
    return starting;
  }

  /** No stream left: nothing is read until the next one opens (it starts at the feed's end). */
  function idle(): void {
    clearInterval(pollTimer);
    clearInterval(checkTimer);
    clearInterval(heartbeatTimer);
    clearTimeout(checkSoon);
    pollTimer = checkTimer = heartbeatTimer = checkSoon = undefined;
    cursor = null;
    gaps.clear();
  }

  return {
    /**
     * Opens a stream for the caller: counted against the per-user limit (429 beyond it) and reading the
     * feed from now. The caller then attaches the response with `attach`.
     */
    async open(actor: Actor, maxAgeS: number = LIVE_MAX_AGE_S) {
      if (actor.kind !== "user") throw new Error("live updates are for members' tokens");
      if (stopped) throw unavailable("The server is shutting down; reconnect in a moment", 5);
      const mine = [...connections.values()].filter((c) => c.userId === actor.userId).length;
      if (mine >= maxPerUser)
        throw tooManyRequests(
          30,
          `At most ${maxPerUser} live-update streams per member are open at once; close another tab or try again later`,
        );
      const c: Connection = {
        id: nextId++,
        orgId: actor.orgId,
        userId: actor.userId,
        tokenDigest: actor.tokenDigest,
        permissions: actor.permissions,
        sink: null,
        queued: [],
        closed: false,
      };
      connections.set(c.id, c);
      try {
        await ensureRunning();
      } catch (err) {
        close(c, null);
        throw err;
      }
      // Spread over the last tenth of the age, so streams opened together do not all reconnect together.
      const ageMs = maxAgeS * 1000 * (0.9 + Math.random() * 0.1);
      return {
        attach(sink: LiveSink): void {
          if (c.closed) return sink.end();
          c.sink = sink;
          sink.write(`retry: 3000\n${frame("ready", { heartbeatMs } satisfies LiveReady)}`);
          for (const q of c.queued.splice(0)) write(c, q);
          if (maxAgeS === 0) return close(c, "max_age");
          c.maxAgeTimer = setTimeout(() => close(c, "max_age"), ageMs);
          c.maxAgeTimer.unref();
        },
        /** The client went away. */
        close: () => close(c, null),
      };
    },
    /** Ends every stream (the instance shuts down) and refuses new ones. */
    stop(): void {
      stopped = true;
      for (const c of [...connections.values()]) close(c, "shutdown");
      idle();
    },
    /** Reads the feed now (tests; the timer does it otherwise). */
    poll,
    /** Checks every open stream's token now (tests; the timer does it otherwise). */
    check: runCheck,
    /** Streams open on this instance. */
    get openStreams(): number {
      return connections.size;
    },
  };
}
export type LiveUpdatesService = ReturnType<typeof createLiveUpdates>;
