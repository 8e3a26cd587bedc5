import type { StreamPlayout, StreamResponse } from "../../../contract/stream.js";
import type { Config } from "../../config.js";
import { systemClock, type Clock } from "../../platform/clock.js";
import { hasPackage, type HasPackages } from "../../platform/packages.js";
import { createPlayoutUrls } from "../../platform/playout.js";

/** Mints a playback token for one stream (the playback module's, passed in when app.ts wires services). */
export type PlayoutTokenMinter = (orgId: string, streamId: string) => Promise<string>;

/** A playout token lives this long: long enough to watch, short enough that a leaked answer soon expires. */
export const PLAYOUT_TOKEN_SECONDS = 3600;
/**
 * A minted token is handed out again for this long (so it has at least 50 min left): a list page of a
 * Secure organisation would otherwise sign one ES256 token per row on every load.
 */
export const PLAYOUT_TOKEN_REUSE_MS = 10 * 60_000;
const CACHE_MAX = 10_000;

/**
 * Adds `playout` to stream answers of organisations with H5Live, tokens included with Secure. Built from
 * configuration and the organisation row the request already holds: no query per stream.
 */
export function createStreamPlayout(
  config: Pick<Config, "playoutUrl" | "rtmpUrl" | "publicUrl">,
  mintToken?: PlayoutTokenMinter,
  clock: Clock = systemClock,
) {
  const urls = createPlayoutUrls(config);
  const minted = new Map<string, { token: string; at: number }>();

  async function tokenFor(orgId: string, streamId: string, mint: PlayoutTokenMinter): Promise<string> {
    const key = `${orgId}/${streamId}`;
    const now = clock.now();
    const hit = minted.get(key);
    if (hit && now - hit.at < PLAYOUT_TOKEN_REUSE_MS && now >= hit.at) return hit.token;
    const token = await mint(orgId, streamId);
    if (minted.size >= CACHE_MAX) minted.clear();
    minted.set(key, { token, at: now });
    return token;
  }

  async function playoutOf(orgId: string, secure: boolean, streamId: string): Promise<StreamPlayout> {
    return urls(streamId, secure && mintToken ? await tokenFor(orgId, streamId, mintToken) : null);
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
