import ipaddr from "ipaddr.js";
import { INGEST_CALLS, type IngestCall, type WebhookTestResponse } from "../../../contract/stream.js";
import type { Actor } from "../../platform/actor.js";
import { createCircuitBreaker, UNGUARDED } from "../../platform/circuit-breaker.js";
import { toIso } from "../../platform/clock.js";
import { SILENT, type CoreDeps } from "../../platform/deps.js";
import { badRequest, tooManyRequests } from "../../platform/errors.js";
import { timeOrderedId } from "../../platform/ids.js";
import type { PostOutcome, Resolver } from "../../platform/outbound.js";
import { postPinned } from "../../platform/outbound.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { createThrottle } from "../../platform/throttle.js";
import { digest, digestsEqual } from "../../platform/tokens.js";
import { signedHeaders } from "../events/webhook-signing.service.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "../streams/streams.service.js";
import type { VodService } from "../vod/vod.service.js";
import { z } from "zod";
import { formOf, parseCallback, webhookBody } from "./callback.js";
import { receiverDecision, receiverHealthy, type Decision } from "./decision.js";
import { createCallLog } from "./call-log.js";
import { listIngestCalls } from "./ingest.repo.js";
import { createViewerTally } from "./viewer-tally.js";
import { isRecordingOf, strayCall } from "./session-binding.js";
import { createHlsViewers } from "./hls-viewers.js";
import { createPlaybackGate, parseHlsUri, STREAM_ID, type PlaybackVerifier } from "./playback-gate.js";
import { hasPackage } from "../../platform/packages.js";

const callKey = z.string().max(64);

/** Usage analytics' ear: each viewer a play or an HLS request was allowed for (token subject or address). */
export interface UsageSink {
  viewer(stream: { id: string; org_id: string }, who: string): void;
}

/** What "Send test" says whenever no HTTP answer came back, whatever the cause. */
export const TEST_UNREACHED = "no answer from the receiver (refused, timed out or not allowed)";

/** Webhook calls one organisation may have waiting at once, per instance. */
export const MAX_CALLS_IN_FLIGHT = 32;

/** Calls that are refused for a locked or deleted stream (nginx then drops the client). */
const REFUSES = new Set<IngestCall>(["publish", "update_publish", "play", "update_play"]);
/** Calls of a player: a player may name the stream by its id (see playback-gate.ts). */
const PLAYS = new Set<IngestCall>(["play", "update_play", "play_done"]);
/** Calls of a publisher, refused in `rec` without Live Processing's recording feature. */
const PUBLISHES = new Set<IngestCall>(["publish", "update_publish"]);
/** Calls that go to the organisation's webhook (update_play would flood it with every player). */
const FORWARDED = new Set<IngestCall>(["publish", "update_publish", "publish_done", "play", "play_done"]);

/** What publish_done adds for the webhook, as the documentation lists it: bytes and the publish's duration. */
function doneFields(
  live: { since: number; bytes_in: number | null; bytes_out: number | null },
  now: number,
): Record<string, number> {
  return {
    ...(live.bytes_in !== null ? { bytes_in: live.bytes_in } : {}),
    ...(live.bytes_out !== null ? { bytes_out: live.bytes_out } : {}),
    duration: Math.max(0, Math.round((now - live.since) / 1000)),
  };
}

export function createIngestService(
  deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors" | "log">,
  orgs: OrganisationsService,
  streams: StreamsService,
  vods: VodService,
  opts: {
    resolve?: Resolver;
    playback?: PlaybackVerifier;
    /** orgdeck's own HLS reads (thumbnails): allowed while live, never counted as viewers. */
    isCapture?: (token: string, streamId: string) => boolean;
    /** Where usage analytics hears of each viewer (the analytics module, handed in by app.ts). */
    usage?: UsageSink;
    /** A pass of orgdeck's embed page (platform/embed-pass.ts): its token and the site that framed it. */
    openEmbedPass?: (token: string, ip: string) => { token: string; site: string } | null | undefined;
  } = {},
) {
  const { db, clock, config } = deps;
  const breaker = createCircuitBreaker(clock, { threshold: 5, openMs: 30_000 });
  // Kept in the database, so the limit holds across instances.
  const testSends = createFailureLimiter(db, clock, { max: 10, windowMs: 60_000, blockMs: 60_000 });
  // A client address may ask for one stream at most 50 times in 10 s; beyond that it is refused without
  // calling the webhook, so a flood of plays cannot be multiplied onto the customer's receiver.
  const perClient = createThrottle(clock, { max: 50, windowMs: 10_000 });
  const secretDigest = config.ingestSecret ? digest(config.ingestSecret) : null;
  const callLog = createCallLog(db, deps.log ?? SILENT);
  const viewers = createViewerTally(streams);
  const hlsViewers = createHlsViewers(streams, clock, deps.log ?? SILENT);
  const gate = createPlaybackGate({
    verifier: opts.playback,
    tagsOf: streams.playbackTags,
    isCapture: opts.isCapture,
    openEmbedPass: opts.openEmbedPass,
  });
  const allowed = config.ingestAllow.map((c) =>
    c.includes("/")
      ? ipaddr.parseCIDR(c)
      : ([ipaddr.parse(c), ipaddr.parse(c).kind() === "ipv4" ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number]),
  );

  /** One line of the call log (decisions, and the state changes orgdeck makes on its own). */
  function record(
    call: string,
    stream: { id: string; org_id: string } | null,
    name: string,
    decision: Decision,
    latencyMs: number,
    now: number,
  ): void {
    callLog.record({
      id: timeOrderedId(now),
      org_id: stream?.org_id ?? null,
      stream_id: stream?.id ?? null,
      stream_name: name.slice(0, 128),
      call,
      decision: decision.allow ? "allow" : "deny",
      reason: decision.reason,
      receiver_status: decision.receiverStatus,
      latency_ms: latencyMs,
      at: now,
    });
  }

  // Calls in flight per organisation (per instance): a slow receiver ties up at most this many, so it
  // can neither exhaust this server's sockets nor slow down other organisations' decisions.
  const inFlight = new Map<string, number>();

  async function callReceiver(orgId: string, webhook: string, body: string, useBreaker: boolean): Promise<Decision> {
    const ticket = useBreaker ? breaker.allow(orgId) : UNGUARDED;
    if (!ticket)
      return { allow: false, reason: "receiver failing repeatedly; circuit open", receiverStatus: null, latencyMs: 0 };
    // Whatever happens below (busy, a thrown lookup), the ticket ends settled: a half-open trial that
    // never recorded an outcome would keep the circuit refusing this organisation.
    try {
      const busy = inFlight.get(orgId) ?? 0;
      if (busy >= MAX_CALLS_IN_FLIGHT)
        return {
          allow: false,
          reason: `receiver busy: ${MAX_CALLS_IN_FLIGHT} calls already waiting for it`,
          receiverStatus: null,
          latencyMs: 0,
        };
      inFlight.set(orgId, busy + 1);
      try {
        const outcome = await dial(orgId, webhook, body);
        if (receiverHealthy(outcome)) ticket.success();
        else ticket.failure();
        return receiverDecision(outcome);
      } finally {
        const left = (inFlight.get(orgId) ?? 1) - 1;
        if (left <= 0) inFlight.delete(orgId);
        else inFlight.set(orgId, left);
      }
    } finally {
      ticket.release();
    }
  }

  async function dial(orgId: string, webhook: string, body: string): Promise<PostOutcome> {
    // Signed (Standard Webhooks) so the receiver can tell our calls from anyone else's; the form body is signed.
    const secrets = await orgs.webhookSigningSecrets(orgId);
    const headers = signedHeaders(secrets, `msg_${timeOrderedId(clock.now())}`, Math.floor(clock.now() / 1000), body);
    const request = { body, contentType: "application/x-www-form-urlencoded", headers };
    return postPinned(webhook, request, {
      allowPrivate: config.webhookAllowPrivate,
      ports: config.webhookPorts,
      deadlineMs: config.webhookDeadlineMs,
      ...(opts.resolve ? { resolve: opts.resolve } : {}),
    });
  }

  return {
    /** ORGDECK_INGEST_ALLOW: callbacks only from these networks (any address when unset). */
    fromAllowedAddress(ip: string): boolean {
      if (allowed.length === 0) return true;
      let addr: ipaddr.IPv4 | ipaddr.IPv6;
      try {
        addr = ipaddr.process(ip);
      } catch {
        return false;
      }
      return allowed.some(([range, bits]) => addr.kind() === range.kind() && addr.match(range, bits));
    },

    /** The media server's shared secret, compared in constant time. */
    checkSecret(secret: string | undefined): boolean {
      return !!secretDigest && typeof secret === "string" && digestsEqual(digest(secret), secretDigest);
    },

    /**
     * Decides one nginx-rtmp callback (the form body as it arrived): 2xx lets the client go on, 403
     * drops it. `node` is the media server that sent it (`host:port` of its control server).
     */
    async decide(body: string | Record<string, string>, ctx: { node?: string | undefined } = {}): Promise<Decision> {
      const started = performance.now();
      const cb = parseCallback(typeof body === "string" ? body : formOf(body));
      const params = cb.fields;
      const call = params.call as IngestCall;
      if (!INGEST_CALLS.includes(call)) throw badRequest(`call must be one of ${INGEST_CALLS.join(", ")}`);
      const name = (params.name ?? "").split("?")[0] ?? "";
      // Viewers play by stream id (nginx-rtmp keeps sending the id for that player's later calls).
      const byId = PLAYS.has(call) && STREAM_ID.test(name);
      const stream = !name
        ? undefined
        : byId
          ? await streams.findForIngestById(name)
          : await streams.findForIngest(name);
      const now = clock.now();
      const deny = (reason: string): Decision => ({ allow: false, reason, receiverStatus: null, latencyMs: 0 });
      const allow = (reason: string): Decision => ({ allow: true, reason, receiverStatus: null, latencyMs: 0 });
      // publish, update_publish and publish_done are compared with the stream's session: only its own
      // publisher (node and nginx's client id) may refresh or end it (session-binding.ts).
      const caller = { node: ctx.node ?? null, clientId: params.clientid ?? null };
      const session =
        stream && (call === "publish_done" || (PUBLISHES.has(call) && stream.state === "live"))
          ? await streams.findLive(stream.id)
          : undefined;
      const stray = stream ? strayCall(call, stream.state, session, caller) : null;
      // publish_done is forwarded with the session's duration and byte counts: the stream is ended first
      // (or was already, by a stop, lock or delete that dropped the publisher).
      const ended =
        stream && call === "publish_done" && !stray
          ? stream.state === "live"
            ? await streams.endLive(stream, undefined, caller)
            : session
          : undefined;
      let decision: Decision;
      let gated: Awaited<ReturnType<typeof gate.check>> = { allow: true, viewer: "" };
      if (!stream) decision = deny("unknown stream");
      else if (stream.org_disabled) decision = deny("organisation disabled");
      else if (stray) decision = deny(`${stray}: ${call === "publish_done" ? "ignored" : "refused"}`);
      else if (call === "record_done" && !isRecordingOf(stream, params.path))
        decision = deny(`the file is not a recording of ${stream.name}: not registered`);
      else if (call === "record_done") {
        const vod = await vods.registerRecording(stream, params.path);
        decision = allow(vod ? `recording ${vod.status}` : "recording discarded: no vod package");
      } else if (REFUSES.has(call) && (stream.state === "locked" || stream.state === "deleted"))
        decision = deny(`stream is ${stream.state}`);
      else if (call === "update_publish" && stream.state !== "live")
        decision = deny(`stream is ${stream.state}, not live: it was stopped`);
      else if (
        PUBLISHES.has(call) &&
        params.app === "rec" &&
        !hasPackage({ packages: stream.org_packages }, "liveProcessing.recording")
      )
        decision = deny("no Live Processing Recording feature: publishing to rec is off");
      else if (
        (call === "play" || call === "update_play") &&
        !(gated = await gate.check(stream, {
          token: params.token ?? null,
          ip: params.addr ?? "",
          referer: params.pageurl || null,
        })).allow
      )
        decision = deny(gated.reason);
      else if (call === "update_play") decision = allow("stream may be played");
      else if (stream.webhook && REFUSES.has(call) && !perClient.take(`${stream.id}|${params.addr ?? ""}`))
        decision = deny("too many attempts from this address; try again shortly");
      else if (stream.webhook && FORWARDED.has(call)) {
        const extra = ended ? doneFields(ended, now) : {};
        decision = await callReceiver(stream.org_id, stream.webhook, webhookBody(cb, extra), true);
        // Nothing to refuse once a publish or play has ended; the call was a notification.
        if (!REFUSES.has(call)) decision = { ...decision, allow: true };
      } else decision = allow("no webhook configured");

      if (stream && decision.allow) {
        if (call === "publish") {
          const live = await streams.goLive(stream, {
            app: params.app ?? "live",
            node: ctx.node ?? null,
            addr: params.addr ?? null,
            clientId: params.clientid ?? null,
          });
          if (!live) decision = deny("stream was locked or deleted meanwhile");
        } else if (call === "update_publish") await streams.touchLive(stream.id);
        else if (call === "play" && stream.state === "live") {
          viewers.add(stream.id, 1);
          opts.usage?.viewer(stream, (gated.allow && gated.viewer) || `ip:${params.addr ?? ""}`);
          if (byId) decision = { ...decision, redirect: stream.name };
        } else if (call === "play_done" && stream.state === "live") viewers.add(stream.id, -1);
      }
      record(call, stream ?? null, name, decision, Math.round(performance.now() - started), now);
      return decision;
    },

    /**
     * nginx's question about one HLS request (playlist or segment) of a viewer: allowed → the stream's
     * name and application (its HLS folder). Refusals go to the call log with their reason; allowed
     * requests only count the viewer (and log its first request), so the hot path writes nothing.
     */
    async authorizePlayback(req: {
      uri: string;
      ip: string;
      referer: string | null;
    }): Promise<{ allow: true; name: string; app: string } | { allow: false }> {
      const started = performance.now();
      const now = clock.now();
      const asked = parseHlsUri(req.uri);
      const stream = asked ? await streams.findForPlayback(asked.streamId) : undefined;
      const v = asked
        ? await gate.check(stream, { token: asked.token, ip: req.ip, referer: req.referer })
        : ({ allow: false, reason: "not a playback URI" } as const);
      const line = (d: Decision) =>
        record(
          "hls",
          stream ?? null,
          stream?.name ?? asked?.streamId ?? "",
          d,
          Math.round(performance.now() - started),
          now,
        );
      if (!v.allow || !stream) {
        line({ allow: false, reason: v.allow ? "unknown stream" : v.reason, receiverStatus: null, latencyMs: 0 });
        return { allow: false };
      }
      if (v.viewer !== null) opts.usage?.viewer(stream, v.viewer);
      if (v.viewer !== null && hlsViewers.saw(stream.id, v.viewer))
        line({ allow: true, reason: "HLS viewer started", receiverStatus: null, latencyMs: 0 });
      return { allow: true, name: stream.name, app: stream.live_app ?? "live" };
    },

    /** "Send test": a sample publish to the saved webhook, at most 10 a minute per organisation. */
    async testWebhook(actor: Actor): Promise<WebhookTestResponse> {
      const key = `webhook-test:${actor.orgId}`;
      const wait = await testSends.blockedFor(key);
      if (wait > 0) throw tooManyRequests(wait, "Too many test calls. Try again in a minute.");
      await testSends.fail(key);
      const org = await orgs.get(actor);
      if (!org.webhook) throw badRequest("webhook: no webhook is configured");
      const body = webhookBody(
        parseCallback(
          formOf({
            call: "publish",
            name: `${org.hash}-test0`,
            app: "live",
            addr: "127.0.0.1",
            clientid: "orgdeck-test",
          }),
        ),
      );
      const d = await callReceiver(actor.orgId, org.webhook, body, false);
      // Refused, timed out and not allowed read alike: the test must not become a probe of what answers
      // where (the call log of real decisions keeps the detail).
      const reason = d.receiverStatus === null && !d.allow ? TEST_UNREACHED : d.reason;
      return {
        decision: d.allow ? "allow" : "deny",
        receiverStatus: d.receiverStatus,
        latencyMs: d.receiverStatus === null ? 0 : d.latencyMs,
        reason,
      };
    },

    async recentCalls(
      actor: Actor,
      query: {
        streamId?: string | undefined;
        decision?: "allow" | "deny" | undefined;
        limit: number;
        offset: number;
        cursor?: string | undefined;
      },
    ) {
      await callLog.flush();
      const scope = {
        route: "ingest-calls",
        orgId: actor.orgId,
        filter: { streamId: query.streamId ?? null, decision: query.decision ?? null },
      };
      const page = deps.cursors.page(scope, query, callKey);
      const { rows, total } = await listIngestCalls(db, actor.orgId, {
        streamId: query.streamId,
        decision: query.decision,
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
      });
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

    /** Notes in the call log a state change orgdeck made without a callback (see live-watch.ts). */
    recordChange: (
      call: "publish" | "publish_done",
      stream: { id: string; org_id: string; name: string },
      reason: string,
    ) => record(call, stream, stream.name, { allow: true, reason, receiverStatus: null, latencyMs: 0 }, 0, clock.now()),

    /** Writes what the call log still holds; called on shutdown. */
    flush: async () => {
      await viewers.flush();
      await hlsViewers.flush();
      await callLog.flush();
    },
  };
}
export type IngestService = ReturnType<typeof createIngestService>;
