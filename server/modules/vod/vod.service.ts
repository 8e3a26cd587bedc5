import { inTransaction } from "../../db/handle.js";
import { enqueueEvent } from "../events/outbox.service.js";
import fs from "node:fs";
import path from "node:path";
import type { PublicStreamResponse, VodListQuery, VodListResponse, VodResponse } from "../../../contract/vod.js";
import type { Actor } from "../../platform/actor.js";
import { can } from "../../access/can.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import { SILENT, type CoreDeps } from "../../platform/deps.js";
import { badRequest, notFound, unauthorized } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { probeDurationMs, remuxToMp4 } from "../../platform/media.js";
import { hasPackage } from "../../platform/packages.js";
import { createPlayoutUrls } from "../../platform/playout.js";
import { z } from "zod";
import {
  countVods,
  deleteVod,
  findPublicStream,
  findReadyVodByFile,
  findVod,
  insertVod,
  listVods,
  type VodKey,
  type VodRow,
} from "./vod.repo.js";

const vodKey: z.ZodType<VodKey> = z.tuple([z.number().int(), z.string().max(64)]);

export const VOD_FILE_PATTERN = /^[0-9a-f-]{36}\.mp4$/;

/** Recordings (VOD assets): made from the media server's record_done, served with range support. */
export function createVodService(deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors" | "log" | "notifyEvents">) {
  const { db, clock, config } = deps;
  const playoutUrls = createPlayoutUrls(config);

  /** What a viewer can open with H5Live; no token here, so with Secure the viewer must bring one. */
  function viewerPlayouts(stream: { id: string; org_packages: string }) {
    const org = { packages: stream.org_packages };
    if (!hasPackage(org, "h5live")) return {};
    const { hls, embed } = playoutUrls(stream.id);
    return { hls, embed, tokenRequired: hasPackage(org, "secure") };
  }
  const log = deps.log ?? SILENT;

  function present(row: VodRow, orgHash: string): VodResponse {
    return {
      id: row.id,
      streamId: row.stream_id,
      fileName: row.file_name,
      status: row.status as "ready" | "failed",
      reason: row.reason,
      sizeBytes: Number(row.size_bytes),
      durationMs: Number(row.duration_ms),
      createdAt: toIso(row.created_at),
      url: row.status === "ready" ? `/vod/${orgHash}/${row.file_name}` : null,
    };
  }

  /**
   * The recording nginx reports, opened safely: only a regular file directly inside the recordings
   * folder (resolved through any links in the folder's own path), opened without following a link
   * in its name, so a symlink planted there cannot publish a file from elsewhere.
   */
  async function openRecording(raw: string | undefined): Promise<{ path: string; handle: fs.promises.FileHandle }> {
    if (!config.recordingsDir)
      throw badRequest("recording is not enabled: set ORGDECK_RECORDINGS_DIR to the media server's record_path");
    if (!raw) throw badRequest("path is required");
    const root = await fs.promises.realpath(config.recordingsDir).catch(() => path.resolve(config.recordingsDir!));
    const given = path.resolve(config.recordingsDir, raw);
    const file = path.join(root, path.basename(given));
    if (path.dirname(given) !== path.resolve(config.recordingsDir) && path.dirname(given) !== root)
      throw badRequest("path must be a file directly inside the recordings folder");
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch {
      throw badRequest("path must be a regular file inside the recordings folder");
    }
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw badRequest("path must be a regular file inside the recordings folder");
    }
    return { path: file, handle };
  }

  /** What members may read of a failure: the tool's message, with any server path cut to its file name. */
  function publicReason(err: unknown): string {
    const message = err instanceof Error ? err.message : "remux failed";
    return message.replace(/(?:\/[^\s/:'"]+)+\/?/g, (p) => path.basename(p)).slice(0, 300);
  }

  return {
    /**
     * Turns a finished recording into a VOD asset. Organisations without the `vod` package get none:
     * their file is discarded. A failed remux is kept as a failed asset with its reason.
     */
    async registerRecording(
      stream: { id: string; org_id: string; org_hash: string; org_packages: string },
      rawPath: string | undefined,
    ): Promise<VodResponse | null> {
      const { path: source, handle } = await openRecording(rawPath);
      const packages = JSON.parse(stream.org_packages) as string[];
      if (!packages.includes("vod")) {
        await handle.close();
        await fs.promises.rm(source, { force: true });
        return null;
      }
      const id = newId();
      const fileName = `${id}.mp4`;
      const dir = path.join(config.vodDir, stream.org_hash);
      const target = path.join(dir, fileName);
      const row: VodRow = {
        id,
        org_id: stream.org_id,
        stream_id: stream.id,
        file_name: fileName,
        status: "ready",
        reason: null,
        size_bytes: 0,
        duration_ms: 0,
        created_at: clock.now(),
      };
      try {
        await fs.promises.mkdir(dir, { recursive: true });
        // ffmpeg reads the file we opened (its descriptor as stdin), not whatever the name points at later.
        await remuxToMp4(config.ffmpeg, handle.fd, target);
        row.size_bytes = (await fs.promises.stat(target)).size;
        row.duration_ms = await probeDurationMs(config.ffmpeg, target);
        await fs.promises.rm(source, { force: true });
      } catch (err) {
        row.status = "failed";
        row.reason = publicReason(err);
        await fs.promises.rm(target, { force: true });
        log.warn({ streamId: stream.id, reason: row.reason }, "recording could not be remuxed");
      } finally {
        await handle.close();
      }
      await inTransaction(db, async (trx) => {
        await insertVod(trx, row);
        await writeAudit(trx, {
          orgId: stream.org_id,
          actor: { kind: "system", label: "media server" },
          action: row.status === "ready" ? "vod_recorded" : "vod_record_failed",
          target: row.id,
          detail: { streamId: stream.id },
          outcome: row.status === "ready" ? "success" : "failure",
          at: clock.now(),
        });
        const data = { recordingId: row.id, streamId: stream.id, state: row.status, durationMs: row.duration_ms };
        await enqueueEvent(
          trx,
          { orgId: stream.org_id, type: row.status === "ready" ? "recording.ready" : "recording.failed", data },
          clock,
        );
      });
      deps.notifyEvents?.();
      return present(row, stream.org_hash);
    },

    async list(actor: Actor, query: VodListQuery, org: { hash: string; vodPublic: boolean }): Promise<VodListResponse> {
      const scope = { route: "vod", orgId: actor.orgId, filter: { streamId: query.streamId ?? null } };
      const page = deps.cursors.page(scope, query, vodKey);
      const rows = await listVods(db, actor.orgId, {
        streamId: query.streamId,
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
      });
      const [total, ready] = await Promise.all([
        countVods(db, actor.orgId, { streamId: query.streamId }),
        countVods(db, actor.orgId, { status: "ready" }),
      ]);
      return {
        vods: rows.slice(0, page.limit).map((r) => present(r, org.hash)),
        total,
        next: deps.cursors.next(scope, rows, page.limit, (r) => [r.created_at, r.id]),
        ready,
        vodPublic: org.vodPublic,
      };
    },

    async remove(actor: Actor, id: string, orgHash: string): Promise<void> {
      const row = await findVod(db, actor.orgId, id);
      if (!row) throw notFound("Recording");
      await inTransaction(db, async (trx) => {
        await deleteVod(trx, actor.orgId, id);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "vod_deleted", target: id, at: clock.now() });
      });
      await fs.promises.rm(path.join(config.vodDir, orgHash, row.file_name), { force: true });
    },

    /** Public stream information; VOD entries only while the organisation's VODs are public. */
    async publicStream(id: string): Promise<PublicStreamResponse> {
      const stream = await findPublicStream(db, id);
      if (!stream || stream.org_disabled) throw notFound("Stream");
      const base: PublicStreamResponse = {
        id: stream.id,
        name: stream.name,
        state: stream.state as PublicStreamResponse["state"],
        playouts: { rtmp: `${config.rtmpUrl}/${stream.name}`, ...viewerPlayouts(stream) },
      };
      if (stream.vod_public !== 1) return base;
      const rows = await listVods(db, stream.org_id, { streamId: stream.id, status: "ready", limit: 100, offset: 0 });
      return {
        ...base,
        vods: rows.map((r) => {
          const v = present(r, stream.org_hash);
          return {
            id: v.id,
            fileName: v.fileName,
            sizeBytes: v.sizeBytes,
            durationMs: v.durationMs,
            createdAt: v.createdAt,
            url: v.url,
          };
        }),
      };
    },

    /**
     * Who may fetch a VOD file: anyone while the organisation's VODs are public, otherwise members
     * of that organisation (and its API key). Unknown and foreign files look the same: 404.
     */
    async fileFor(
      orgHash: string,
      fileName: string,
      actor: Actor | null,
    ): Promise<{ path: string; size: number; mtime: Date }> {
      if (!VOD_FILE_PATTERN.test(fileName) || !/^[A-Za-z0-9]{5}$/.test(orgHash)) throw notFound("Recording");
      const row = await findReadyVodByFile(db, orgHash, fileName);
      if (!row) throw notFound("Recording");
      const member = actor !== null && actor.orgId === row.org_id && can(actor, "Stream.GetStreams");
      if (row.vod_public !== 1 && !member) {
        if (actor === null) throw unauthorized("This recording is private: sign in or use the API key");
        throw notFound("Recording");
      }
      const file = path.join(config.vodDir, row.org_hash, row.file_name);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) throw notFound("Recording");
      return { path: file, size: stat.size, mtime: stat.mtime };
    },
  };
}
export type VodService = ReturnType<typeof createVodService>;
