import type { Actor } from "../../platform/actor.js";
import type { CaptureTokens } from "../../platform/capture-token.js";
import type { CoreDeps } from "../../platform/deps.js";
import { SILENT } from "../../platform/deps.js";
import { AppError } from "../../platform/errors.js";
import { requirePackage } from "../../platform/packages.js";
import type { OrganisationsService } from "../organisations/organisations.service.js";
import type { StreamsService } from "../streams/streams.service.js";
import { captureJpeg } from "./capture.js";
import { createThumbnailScheduler } from "./scheduler.js";
import * as repo from "./thumbnails.repo.js";

export { MAX_WIDTH } from "./capture.js";

/** The path stream answers carry as `thumbnailUrl` (a path, like a recording's `url`). */
export const thumbnailPath = (streamId: string) => `/api/stream/${streamId}/thumbnail`;

/**
 * Thumbnails (Live Processing `thumbnail`): the capture scheduler every serving instance runs, and the
 * latest picture of a stream for its readers. ffmpeg reads the stream's HLS from the playout server with
 * a capture token (server key, not counted as a viewer); pictures live in the database, so every
 * instance answers the same one.
 */
export function createThumbnailsService(
  deps: Pick<CoreDeps, "db" | "clock" | "config" | "log">,
  streams: Pick<StreamsService, "get">,
  orgs: Pick<OrganisationsService, "caller">,
  tokens: CaptureTokens,
) {
  const { db, clock, config } = deps;
  const scheduler = createThumbnailScheduler({
    db,
    clock,
    log: deps.log ?? SILENT,
    intervalMs: config.thumbnailIntervalMs,
    concurrency: config.thumbnailConcurrency,
    capture: (streamId, deadlineMs, signal) => {
      const token = tokens.mint(streamId, clock.now() + deadlineMs + 5_000);
      const url = `${config.playoutUrl}/hls/${streamId}/index.m3u8?token=${token}`;
      return captureJpeg(config.ffmpeg, url, deadlineMs, signal);
    },
  });

  return {
    start: scheduler.start,
    stop: scheduler.stop,
    stats: scheduler.stats,

    /** The stream's latest picture: 404 for another organisation's stream, 403 without the feature. */
    async latest(actor: Actor, streamId: string) {
      await streams.get(actor, streamId);
      requirePackage(await orgs.caller(actor), "liveProcessing.thumbnail");
      const t = await repo.findThumbnail(db, actor.orgId, streamId);
      if (!t)
        throw new AppError(404, "no_thumbnail", "This stream has no thumbnail yet: one is taken while it is live");
      return { ...t, maxAgeSeconds: Math.ceil(config.thumbnailIntervalMs / 1000) };
    },

    /** Which of these streams of the organisation have a thumbnail (one query for a list page). */
    withThumbnail: (orgId: string, streamIds: readonly string[]) => repo.streamsWithThumbnail(db, orgId, streamIds),
  };
}
export type ThumbnailsService = ReturnType<typeof createThumbnailsService>;
