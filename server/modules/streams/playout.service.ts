import type { StreamPlayout, StreamResponse } from "../../../contract/stream.js";
import type { Config } from "../../config.js";
import { hasPackage, type HasPackages } from "../../platform/packages.js";
import { createPlayoutUrls } from "../../platform/playout.js";

/** Mints a playback token for one stream (the playback module's, passed in when app.ts wires services). */
export type PlayoutTokenMinter = (orgId: string, streamId: string) => Promise<string>;

/** A playout token lives this long: long enough to watch, short enough that a leaked answer soon expires. */
export const PLAYOUT_TOKEN_SECONDS = 3600;

/**
 * Adds `playout` to stream answers of organisations with H5Live, tokens included with Secure. Built from
 * configuration and the organisation row the request already holds: no query per stream.
 */
export function createStreamPlayout(
  config: Pick<Config, "playoutUrl" | "rtmpUrl" | "publicUrl">,
  mintToken?: PlayoutTokenMinter,
) {
  const urls = createPlayoutUrls(config);

  async function playoutOf(orgId: string, secure: boolean, streamId: string): Promise<StreamPlayout> {
    return urls(streamId, secure && mintToken ? await mintToken(orgId, streamId) : null);
  }

  return {
    async add<T extends StreamResponse>(org: HasPackages & { id: string }, streams: T[]): Promise<T[]> {
      if (streams.length === 0 || !hasPackage(org, "h5live")) return streams;
      const secure = hasPackage(org, "secure");
      return Promise.all(streams.map(async (s) => ({ ...s, playout: await playoutOf(org.id, secure, s.id) })));
    },
  };
}
export type StreamPlayoutService = ReturnType<typeof createStreamPlayout>;
