import { INGEST_CALLS, type IngestCall, type WebhookTestResponse } from "../../../contract/stream.js";
import type { Actor } from "../../platform/actor.js";
import { createCircuitBreaker } from "../../platform/circuit-breaker.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, tooManyRequests } from "../../platform/errors.js";
import { timeOrderedId } from "../../platform/ids.js";
import { postForm, type Resolver } from "../../platform/outbound.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { createThrottle } from "../../platform/throttle.js";
import { digest, digestsEqual } from "../../platform/tokens.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "../streams/streams.service.js";
import type { VodService } from "../vod/vod.service.js";
import { z } from "zod";
import { insertIngestCalls, listIngestCalls, type IngestCallRow } from "./ingest.repo.js";

const callKey = z.string().max(64);

/**
 * The call log is written in batches (at most every 100 ms, at most 50 rows each): one commit, and so
 * one disk flush, per batch instead of per decision. Batches stay small because SQLite writes on the
 * event loop: a large one would hold up every request behind it. A crash can lose the last fraction
 * of a second of this diagnostic log, never a decision or a state change.
 */
const BATCH_ROWS = 50;
const BATCH_MS = 100;

function createCallLog(db: CoreDeps["db"]) {
  const pending: IngestCallRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(rows: IngestCallRow[]): Promise<void> {
    try {
      await insertIngestCalls(db, rows);
    } catch (err) {
      process.stderr.write(`${JSON.stringify({ level: 50, msg: "ingest call log write failed", rows: rows.length, error: err instanceof Error ? err.message : String(err) })}\n`);
    }
  }
  /** Queues what is pending behind the batches already being written; resolves when all are. */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (pending.length > 0) {
      const rows = pending.splice(0, BATCH_ROWS);
      writing = writing.then(() => write(rows));
    }
    return writing;
  }
  return {
    record(row: IngestCallRow): void {
      pending.push(row);
      if (pending.length >= BATCH_ROWS) void flush();
      else timer ??= setTimeout(() => void flush(), BATCH_MS).unref();
    },
    flush,
  };
}

/** Fields nginx-rtmp itself sends; anything else came from the publisher's stream-name query. */
const NGINX_FIELDS = new Set(["call", "addr", "clientid", "app", "flashver", "swfurl", "tcurl", "pageurl", "name", "type", "time", "timestamp", "bytes_in", "bytes_out", "epoch", "path", "recorder", "ip"]);
/** The order the docs show: custom parameters first, then these, then the event's own extras. */
const LEADING = ["call", "name", "app", "addr", "clientid"];
const REFUSES = new Set<IngestCall>(["publish", "update_publish", "play"]);

export interface Decision {
  allow: boolean;
  reason: string;
  receiverStatus: number | null;
  latencyMs: number;
}

/** Builds the form body forwarded to the customer's webhook. */
export function webhookBody(params: Record<string, string>): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (!NGINX_FIELDS.has(k)) out.append(k, v);
  for (const k of LEADING) if (params[k] !== undefined) out.append(k, params[k]);
  for (const [k, v] of Object.entries(params)) if (NGINX_FIELDS.has(k) && !LEADING.includes(k)) out.append(k, v);
  return out.toString();
}

export function createIngestService(deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors">, orgs: OrganisationsService, streams: StreamsService, vods: VodService, opts: { resolve?: Resolver } = {}) {
  const { db, clock, config } = deps;
  const breaker = createCircuitBreaker(clock, { threshold: 5, openMs: 30_000 });
  // Kept in the database, so the limit holds across instances.
  const testSends = createFailureLimiter(db, clock, { max: 10, windowMs: 60_000, blockMs: 60_000 });
  // A client address may ask for one stream at most 50 times in 10 s; beyond that it is refused without
  // calling the webhook, so a flood of plays cannot be multiplied onto the customer's receiver.
  const perClient = createThrottle(clock, { max: 50, windowMs: 10_000 });
  const secretDigest = config.ingestSecret ? digest(config.ingestSecret) : null;
  const callLog = createCallLog(db);

  async function callReceiver(orgId: string, webhook: string, body: string, useBreaker: boolean): Promise<Decision> {
    if (useBreaker && !breaker.allow(orgId)) return { allow: false, reason: "receiver failing repeatedly; circuit open", receiverStatus: null, latencyMs: 0 };
    const outcome = await postForm(webhook, body, { allowPrivate: config.webhookAllowPrivate, deadlineMs: config.webhookDeadlineMs, ...(opts.resolve ? { resolve: opts.resolve } : {}) });
    if (outcome.kind === "error") {
      if (useBreaker) breaker.failure(orgId);
      const reason = outcome.reason === "timeout" ? "receiver did not answer in time" : outcome.reason === "blocked" ? "webhook address is not allowed" : "receiver unreachable";
      return { allow: false, reason, receiverStatus: null, latencyMs: outcome.latencyMs };
    }
    const { status, latencyMs } = outcome;
    if (useBreaker) {
      if (status === 200 || status === 403) breaker.success(orgId);
      else breaker.failure(orgId);
    }
    if (status === 200) return { allow: true, reason: "receiver allowed", receiverStatus: status, latencyMs };
    if (status === 403) return { allow: false, reason: "receiver refused", receiverStatus: status, latencyMs };
    return { allow: false, reason: `receiver answered ${status}`, receiverStatus: status, latencyMs };
  }

  return {
    /** The media server's shared secret, compared in constant time. */
    checkSecret(secret: string | undefined): boolean {
      return !!secretDigest && typeof secret === "string" && digestsEqual(digest(secret), secretDigest);
    },

    /** Decides one nginx-rtmp callback: 2xx lets the client go on, 403 drops it. */
    async decide(params: Record<string, string>): Promise<Decision> {
      const started = performance.now();
      const call = params.call as IngestCall;
      if (!INGEST_CALLS.includes(call)) throw badRequest(`call must be one of ${INGEST_CALLS.join(", ")}`);
      const name = (params.name ?? "").split("?")[0] ?? "";
      const stream = name ? await streams.findForIngest(name) : undefined;
      const now = clock.now();
      let decision: Decision;
      if (!stream) decision = { allow: false, reason: "unknown stream", receiverStatus: null, latencyMs: 0 };
      else if (stream.org_disabled) decision = { allow: false, reason: "organisation disabled", receiverStatus: null, latencyMs: 0 };
      else if (call === "record_done") {
        const vod = await vods.registerRecording(stream, params.path);
        decision = { allow: true, reason: vod ? `recording ${vod.status}` : "recording discarded: no vod package", receiverStatus: null, latencyMs: 0 };
      } else if (REFUSES.has(call) && (stream.state === "locked" || stream.state === "deleted")) decision = { allow: false, reason: `stream is ${stream.state}`, receiverStatus: null, latencyMs: 0 };
      else if (stream.webhook && REFUSES.has(call) && !perClient.take(`${stream.id}|${params.addr ?? ""}`)) {
        decision = { allow: false, reason: "too many attempts from this address; try again shortly", receiverStatus: null, latencyMs: 0 };
      } else if (stream.webhook) {
        decision = await callReceiver(stream.org_id, stream.webhook, webhookBody(params), true);
        // Nothing to refuse once a publish or play has ended; the call was a notification.
        if (!REFUSES.has(call)) decision = { ...decision, allow: true };
      } else decision = { allow: true, reason: "no webhook configured", receiverStatus: null, latencyMs: 0 };

      if (stream && decision.allow) {
        if (call === "publish" && stream.state !== "live") await streams.followIngest(stream, "live", ["created", "ended"]);
        if (call === "publish_done" && stream.state === "live") await streams.followIngest(stream, "ended", ["live"]);
      }
      callLog.record({
        id: timeOrderedId(now),
        org_id: stream?.org_id ?? null,
        stream_id: stream?.id ?? null,
        stream_name: name.slice(0, 128),
        call,
        decision: decision.allow ? "allow" : "deny",
        reason: decision.reason,
        receiver_status: decision.receiverStatus,
        latency_ms: Math.round(performance.now() - started),
        at: now,
      });
      return decision;
    },

    /** "Send test": a sample publish to the saved webhook, at most 10 a minute per organisation. */
    async testWebhook(actor: Actor): Promise<WebhookTestResponse> {
      const key = `webhook-test:${actor.orgId}`;
      const wait = await testSends.blockedFor(key);
      if (wait > 0) throw tooManyRequests(wait, "Too many test calls. Try again in a minute.");
      await testSends.fail(key);
      const org = await orgs.get(actor);
      if (!org.webhook) throw badRequest("webhook: no webhook is configured");
      const body = webhookBody({ call: "publish", name: `${org.hash}-test0`, app: "live", addr: "127.0.0.1", clientid: "orgdeck-test" });
      const d = await callReceiver(actor.orgId, org.webhook, body, false);
      return { decision: d.allow ? "allow" : "deny", receiverStatus: d.receiverStatus, latencyMs: d.latencyMs, reason: d.reason };
    },

    async recentCalls(actor: Actor, query: { streamId?: string | undefined; decision?: "allow" | "deny" | undefined; limit: number; offset: number; cursor?: string | undefined }) {
      await callLog.flush();
      const scope = { route: "ingest-calls", orgId: actor.orgId, filter: { streamId: query.streamId ?? null, decision: query.decision ?? null } };
      const page = deps.cursors.page(scope, query, callKey);
      const { rows, total } = await listIngestCalls(db, actor.orgId, { streamId: query.streamId, decision: query.decision, limit: page.limit + 1, offset: page.offset, after: page.after });
      return {
        total,
        next: deps.cursors.next(scope, rows, page.limit, (r) => r.id),
        calls: rows.slice(0, page.limit).map((r) => ({
          id: r.id,
          at: toIso(r.at),
          call: r.call,
          streamName: r.stream_name,
          streamId: r.stream_id,
          decision: r.decision as "allow" | "deny",
          reason: r.reason,
          receiverStatus: r.receiver_status,
          latencyMs: r.latency_ms,
        })),
      };
    },

    breakerOpen: (orgId: string) => breaker.isOpen(orgId),

    /** Writes what the call log still holds; called on shutdown. */
    flush: () => callLog.flush(),
  };
}
export type IngestService = ReturnType<typeof createIngestService>;
