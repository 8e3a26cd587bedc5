import type { FastifyInstance } from "fastify";
import type { Config } from "../../config.js";
import type { Clock } from "../../platform/clock.js";
import type { MediaServers, StatStream } from "../../platform/media-servers.js";
import type { StreamsService } from "../streams/streams.service.js";
import type { IngestService } from "./ingest.service.js";

/**
 * Keeps "live" truthful when callbacks stop coming (nginx killed, a node lost):
 * - every half update interval, a live stream nothing was heard of for 3 update intervals is ended;
 * - with ORGDECK_RTMP_CONTROL, every stat interval each node's /stat is compared with what orgdeck
 *   believes: published somewhere → live (and its node, viewers and byte counts noted); live here but
 *   absent from every reachable node at two checks at least one interval apart → ended (when the node
 *   that reported the publish is one of them: a node that is down is left to the callback timeout);
 *   published while locked or deleted → dropped again.
 * Each change goes through the stream's row lock and re-checks, so several instances may run this at
 * once; each appears in the call log with its reason.
 */
export function watchLiveStreams(
  app: FastifyInstance,
  deps: { config: Config; clock: Clock; media: MediaServers; streams: StreamsService; ingest: IngestService },
): void {
  const { config, clock, media, streams, ingest } = deps;
  const silentMs = 3 * config.rtmpUpdateIntervalMs;
  const log = (err: unknown, what: string) =>
    app.log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, what);

  async function sweep(): Promise<void> {
    const cutoff = clock.now() - silentMs;
    for (const row of await streams.staleLive(cutoff)) {
      const ended = await streams.endLive({ id: row.stream_id, org_id: row.org_id }, cutoff);
      if (ended)
        ingest.recordChange(
          "publish_done",
          { id: row.stream_id, org_id: row.org_id, name: row.name },
          `no callback from the media server for ${silentMs / 1000} s: marked ended`,
        );
    }
  }

  async function reconcile(): Promise<void> {
    const stats = await media.stat();
    const reachable = stats.filter((s) => s.reachable);
    if (reachable.length === 0) return; // nothing to go by
    const now = clock.now();
    // Every node publishing each name: a stream taken over on another node may briefly be on two.
    const published = new Map<string, Array<{ node: string; s: StatStream }>>();
    for (const n of reachable)
      for (const s of n.streams)
        if (s.publisher) published.set(s.name, [...(published.get(s.name) ?? []), { node: n.node.label, s }]);
    const reachableLabels = new Set(reachable.map((n) => n.node.label));
    const liveNames = new Set<string>();
    for (const l of await streams.allLive()) {
      liveNames.add(l.name);
      // The session's own publisher when it is still there, so its next callbacks keep matching it.
      const on = published.get(l.name) ?? [];
      const p = on.find((x) => x.node === l.node && x.s.publisher?.clientId === l.client_id) ?? on[0];
      if (p)
        await streams.updateFromStat(l.stream_id, {
          node: p.node,
          client_id: p.s.publisher?.clientId ?? null,
          viewers: p.s.viewers,
          bytes_in: p.s.bytesIn,
          bytes_out: p.s.bytesOut,
          last_seen_at: now,
        });
      // Only the node that reported the publish can say it is gone; a stream on a node that is down or
      // not configured here is left to the callback timeout above.
      else if (l.node !== null && !reachableLabels.has(l.node)) continue;
      else if (l.stat_missing_since === null) await streams.markStatMissing(l.stream_id);
      else if (now - l.stat_missing_since >= config.rtmpStatIntervalMs) {
        const ended = await streams.endLive({ id: l.stream_id, org_id: l.org_id });
        if (ended)
          ingest.recordChange(
            "publish_done",
            { id: l.stream_id, org_id: l.org_id, name: l.name },
            "not published on any reachable media server (stat): marked ended",
          );
      }
    }
    for (const [name, [p]] of published) {
      if (liveNames.has(name) || !p) continue;
      const stream = await streams.findForIngest(name);
      if (!stream) continue;
      if (stream.state === "locked" || stream.state === "deleted") {
        await streams.dropEverywhere(name);
        continue;
      }
      const went = await streams.goLive(stream, {
        app: p.s.app,
        node: p.node,
        addr: p.s.publisher?.addr ?? null,
        clientId: p.s.publisher?.clientId ?? null,
      });
      if (went) ingest.recordChange("publish", stream, `published on ${p.node} (stat): marked live`);
    }
  }

  /** Runs `task` every `ms`, never two at once. */
  function every(ms: number, task: () => Promise<void>, what: string) {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      task()
        .catch((err: unknown) => log(err, what))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    return timer;
  }

  const timers = [every(Math.max(500, config.rtmpUpdateIntervalMs / 2), sweep, "live sweep failed")];
  if (media.configured) timers.push(every(config.rtmpStatIntervalMs, reconcile, "media server reconciliation failed"));
  app.addHook("onClose", async () => timers.forEach(clearInterval));
}
