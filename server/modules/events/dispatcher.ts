import type { Database } from "../../db/database.js";
import { inTransaction, type Db } from "../../db/handle.js";
import { systemClock, toIso, type Clock } from "../../platform/clock.js";
import { newId } from "../../platform/ids.js";
import type { Keyring } from "../../platform/keyring.js";
import type { PostOutcome, Resolver } from "../../platform/outbound.js";
import { postPinned } from "../../platform/outbound.js";
import * as repo from "./events.repo.js";
import {
  DEFAULT_RETRY_SCHEDULE,
  nextAttemptAfter,
  parseRetryAfter,
  parseRetrySchedule,
  RETRY_AFTER_STATUSES,
} from "./retry-schedule.js";
import { signedHeaders, signingSecrets } from "./signing.js";

class ClaimLost extends Error {}

export const FAILING_DISABLE_MS = 5 * 24 * 60 * 60 * 1000;

export interface DispatcherOptions {
  database: Database;
  keyring: Keyring;
  clock?: Clock;
  /** ORGDECK_WEBHOOK_ALLOW_PRIVATE and ORGDECK_WEBHOOK_PORTS: the webhook's URL rules apply here too. */
  allowPrivate: boolean;
  ports?: readonly number[] | "any";
  resolve?: Resolver;
  /** Delays before each retry (ms); the Standard Webhooks schedule by default. */
  retrySchedule?: readonly number[];
  /** Spreads each retry's delay (retry-schedule.ts, RETRY_JITTER); Math.random by default, fixed in tests. */
  random?: () => number;
  /** The whole exchange of one attempt; any 2xx within it counts as delivered. */
  deadlineMs?: number;
  /** Requests in flight per endpoint, across every instance (enforced in the database). */
  perEndpoint?: number;
  /** Requests in flight per organisation and in all, on this instance. */
  perOrg?: number;
  global?: number;
  /** How long a claim holds; longer than the deadline, so a live claim never expires mid-send. */
  leaseMs?: number;
  pollMs?: number;
  /** Called in the transaction that disables an endpoint (e.g. to write the audit event). */
  onDisabled?: (trx: Db, e: { orgId: string; endpointId: string; reason: "gone" | "failing" }) => Promise<void>;
  log?: { warn(obj: object, msg: string): void };
}

export interface Dispatcher {
  /** Claims what is due and may be sent now, and starts sending it; resolves with how many it started. */
  tick(): Promise<number>;
  /** One tick, then waits for every send in flight to settle; for tests and shutdown. */
  runOnce(): Promise<number>;
  /** Looks for work soon (after a transaction that enqueued events commits). */
  notify(): void;
  start(): void;
  /** Stops claiming and waits for the sends in flight. */
  stop(): Promise<void>;
  readonly inFlight: number;
}

export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const { database, keyring } = o;
  const db = database.db;
  const clock = o.clock ?? systemClock;
  const schedule = o.retrySchedule ?? parseRetrySchedule(DEFAULT_RETRY_SCHEDULE);
  const random = o.random ?? Math.random;
  const deadlineMs = o.deadlineMs ?? 15_000;
  const perEndpoint = o.perEndpoint ?? 4;
  const perOrg = o.perOrg ?? 16;
  const global = o.global ?? 64;
  const leaseMs = o.leaseMs ?? Math.max(60_000, deadlineMs * 4);
  const me = `dispatcher:${newId()}`;

  const sending = new Map<string, { endpointId: string; orgId: string; done: Promise<void> }>();
  const countBy = (key: "endpointId" | "orgId", value: string) =>
    [...sending.values()].filter((s) => s[key] === value).length;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<number> | null = null;
  let again = false;

  /** Claims in one transaction: lock the endpoints, count their live claims, claim up to the room left. */
  async function claim(now: number): Promise<repo.ClaimedDelivery[]> {
    const room = global - sending.size;
    if (room <= 0) return [];
    const saturated = [...new Set([...sending.values()].map((s) => s.endpointId))].filter(
      (id) => countBy("endpointId", id) >= perEndpoint,
    );
    const due = (await repo.dueEndpoints(db, now, 50, saturated)).filter((e) => countBy("orgId", e.org_id) < perOrg);
    if (due.length === 0) return [];
    return inTransaction(db, async (trx) => {
      if (database.dialect === "sqlite") await repo.takeSqliteWriteLock(trx);
      const locked = new Map(
        (
          await repo.lockEnabledEndpoints(
            trx,
            database.dialect,
            due.map((e) => e.endpoint_id),
          )
        ).map((e) => [e.id, e.org_id]),
      );
      if (locked.size === 0) return [];
      const live = await repo.inFlightCounts(trx, [...locked.keys()], now);
      const orgTaken = new Map<string, number>();
      let left = room;
      const ids: string[] = [];
      for (const { endpoint_id: id } of due) {
        const orgId = locked.get(id);
        if (orgId === undefined || left <= 0) continue;
        const orgRoom = perOrg - countBy("orgId", orgId) - (orgTaken.get(orgId) ?? 0);
        const n = Math.min(perEndpoint - (live.get(id) ?? 0), orgRoom, left);
        if (n <= 0) continue;
        const rows = await repo.claimDue(trx, database.dialect, id, now, n, { by: me, until: now + leaseMs });
        ids.push(...rows.map((r) => r.id));
        left -= rows.length;
        orgTaken.set(orgId, (orgTaken.get(orgId) ?? 0) + rows.length);
      }
      return ids.length === 0 ? [] : repo.loadClaimed(trx, ids);
    });
  }

  /** One attempt: sign, post through the SSRF guard, record the outcome. */
  async function send(d: repo.ClaimedDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    // The body is the same on every attempt; only the timestamp header and the signatures change.
    const body = `{"type":${JSON.stringify(d.type)},"timestamp":${JSON.stringify(toIso(d.event_created_at))},"data":${d.payload}}`;
    const sentAt = clock.now();
    let outcome: PostOutcome;
    try {
      const headers = signedHeaders(signingSecrets(d, keyring, sentAt), d.event_id, Math.floor(sentAt / 1000), body);
      outcome = await postPinned(
        d.url,
        { body, contentType: "application/json", headers },
        {
          allowPrivate: o.allowPrivate,
          deadlineMs,
          ...(o.ports ? { ports: o.ports } : {}),
          ...(o.resolve ? { resolve: o.resolve } : {}),
        },
      );
    } catch (err) {
      outcome = {
        kind: "error",
        reason: "network",
        detail: err instanceof Error ? err.message : "send failed",
        latencyMs: 0,
      };
    }
    await settle(d, attempt, sentAt, outcome);
  }

  async function settle(d: repo.ClaimedDelivery, attempt: number, sentAt: number, outcome: PostOutcome): Promise<void> {
    const now = clock.now();
    const status = outcome.kind === "response" ? outcome.status : null;
    const ok = status !== null && status >= 200 && status < 300;
    const record = inTransaction(db, async (trx) => {
      let next: { status: "pending" | "delivered" | "failed"; nextAttemptAt: number | null };
      let disable: "gone" | "failing" | null = null;
      if (ok) {
        next = { status: "delivered", nextAttemptAt: null };
        await repo.markEndpointHealthy(trx, d.endpoint_id);
      } else {
        const endpoint = await repo.markEndpointFailing(trx, d.endpoint_id, now);
        const enabled = endpoint?.enabled === 1;
        // 410 Gone: the receiver says it wants no more. 5 days of failure in a row: it is abandoned.
        if (enabled && status === 410) disable = "gone";
        else if (enabled && endpoint.failing_since !== null && now - endpoint.failing_since >= FAILING_DISABLE_MS)
          disable = "failing";
        const retryAfterMs =
          outcome.kind === "response" && RETRY_AFTER_STATUSES.has(outcome.status)
            ? parseRetryAfter(outcome.retryAfter, now)
            : null;
        const at = nextAttemptAfter(schedule, attempt - d.round_start, now, { random, retryAfterMs });
        next =
          at === null || !enabled || disable
            ? { status: "failed", nextAttemptAt: null }
            : { status: "pending", nextAttemptAt: at };
      }
      // Fenced on the claim: if it expired and another dispatcher took over, this outcome is rolled back.
      if (!(await repo.settleDelivery(trx, { id: d.id, by: me, attempt }, next))) throw new ClaimLost();
      await repo.insertAttempt(trx, {
        delivery_id: d.id,
        attempt,
        at: sentAt,
        response_status: status,
        latency_ms: Math.round(outcome.latencyMs),
        error: outcome.kind === "error" ? `${outcome.reason}: ${outcome.detail}`.slice(0, 200) : null,
      });
      if (disable && (await repo.disableEndpoint(trx, d.endpoint_id, disable, now))) {
        await o.onDisabled?.(trx, { orgId: d.org_id, endpointId: d.endpoint_id, reason: disable });
      }
    });
    await record.catch((err: unknown) => {
      if (!(err instanceof ClaimLost)) throw err;
    });
  }

  function startSend(d: repo.ClaimedDelivery): void {
    const done = send(d)
      .catch((err: unknown) =>
        o.log?.warn(
          { err: { message: err instanceof Error ? err.message : String(err) }, deliveryId: d.id },
          "event delivery could not be recorded; its claim will expire and it is tried again",
        ),
      )
      .finally(() => {
        sending.delete(d.id);
        // A freed slot is used at once, not at the next poll.
        if (running) notify();
      });
    sending.set(d.id, { endpointId: d.endpoint_id, orgId: d.org_id, done });
  }

  async function tickOnce(): Promise<number> {
    let started = 0;
    do {
      again = false;
      const claimed = await claim(clock.now());
      for (const d of claimed) startSend(d);
      started += claimed.length;
    } while (again);
    return started;
  }

  function tick(): Promise<number> {
    // One claim at a time per instance; a tick asked for meanwhile runs right after.
    if (ticking) {
      again = true;
      return ticking.then(() => 0);
    }
    ticking = tickOnce().finally(() => (ticking = null));
    return ticking;
  }

  function notify(): void {
    // Not started (a script that built the services): nothing is sent; a serving instance picks it up.
    if (!running) return;
    setImmediate(() => {
      tick().catch((err: unknown) =>
        o.log?.warn(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          "event dispatcher could not claim deliveries",
        ),
      );
    });
  }

  return {
    tick,
    async runOnce() {
      const n = await tick();
      while (sending.size > 0) await Promise.all([...sending.values()].map((s) => s.done));
      return n;
    },
    notify,
    start() {
      if (running) return;
      running = true;
      timer = setInterval(notify, o.pollMs ?? 1000);
      timer.unref();
      notify();
    },
    async stop() {
      running = false;
      clearInterval(timer);
      await ticking?.catch(() => undefined);
      while (sending.size > 0) await Promise.all([...sending.values()].map((s) => s.done));
    },
    get inFlight() {
      return sending.size;
    },
  };
}
