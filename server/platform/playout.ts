import type { StreamPlayout } from "../../contract/stream.js";
import type { Config } from "../config.js";
import { publicOrigin } from "./public-origin.js";

/** `rtmp://host:port` of the media server, from the ingest URL (`rtmp://host:1935/live`). */
function rtmpOrigin(rtmpUrl: string): string {
  try {
    const u = new URL(rtmpUrl);
    if (u.host !== "") return `${u.protocol}//${u.host}`;
  } catch {
    // Not a URL: fall back to cutting the path off below.
  }
  return rtmpUrl.replace(/^(\w+:\/\/[^/]+).*$/, "$1");
}

/**
 * Builds a stream's viewer URLs from configuration alone (no query: list pages build one per row).
 * Streams are named by id: the stream name is the publishing key and must never reach a viewer.
 */
export function createPlayoutUrls(config: Pick<Config, "playoutUrl" | "rtmpUrl" | "publicUrl">) {
  const rtmp = rtmpOrigin(config.rtmpUrl);
  return (streamId: string, token: string | null = null): StreamPlayout => {
    const id = encodeURIComponent(streamId);
    const q = token === null ? "" : `?token=${encodeURIComponent(token)}`;
    return {
      hls: `${config.playoutUrl}/hls/${id}/index.m3u8${q}`,
      rtmp: `${rtmp}/live/${id}${q}`,
      embed: `${publicOrigin(config)}/embed/${id}${q}`,
    };
  };
}
export type PlayoutUrls = ReturnType<typeof createPlayoutUrls>;
