import { hasPackage } from "../../platform/packages.js";

/**
 * Who may watch (issue 18): a stream is played only while it is live and not locked or deleted, when
 * its organisation has H5Live, and — with the Secure package — with a valid playback token. Shared by
 * nginx's HLS authorisation requests and RTMP on_play/update_play callbacks.
 */

/** What nginx asks about: `/hls/<stream id>/<file>.m3u8|.ts`, the token in the query. */
const HLS_URI =
  /^\/hls\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[A-Za-z0-9_-]+\.(?:m3u8|ts)(?:\?(.*))?$/;
export const STREAM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * JWTs are base64url and dots. nginx copies the token into the playlists it serves, so anything else
 * is refused even where no token is needed: no one can make a playlist say what they like.
 */
const TOKEN_CHARS = /^[A-Za-z0-9_.-]{1,4096}$/;

/** G1's token verification (modules/playback), as this module calls it. */
export interface PlaybackVerifier {
  verifyPlayback(input: {
    orgId: string;
    streamId: string;
    streamTags: () => Promise<readonly string[]>;
    token: string | null;
    clientIp: string;
    referer: string | null;
  }): Promise<{ ok: true; claims: { uid?: string | undefined } } | { ok: false; reason: string }>;
}

export interface PlaybackStream {
  id: string;
  org_id: string;
  state: string;
  org_disabled: number;
  org_packages: string;
}

/** `viewer` null: orgdeck's own read (a thumbnail capture), not counted as a viewer. */
export type Verdict = { allow: true; viewer: string | null } | { allow: false; reason: string };

export function parseHlsUri(uri: string): { streamId: string; token: string | null } | null {
  const m = HLS_URI.exec(uri);
  if (!m) return null;
  const token = m[2] === undefined ? null : new URLSearchParams(m[2]).get("token");
  return { streamId: m[1]!, token: token === "" ? null : token };
}

export function createPlaybackGate(deps: {
  verifier: PlaybackVerifier | undefined;
  tagsOf: (streamId: string) => Promise<string[]>;
  /** Whether a token is orgdeck's own capture token for this stream (server key; customers cannot make one). */
  isCapture?: ((token: string, streamId: string) => boolean) | undefined;
  /** An embed page's pass: the token inside, and the framing site to check its domain against. */
  openEmbedPass?: ((token: string, ip: string) => { token: string; site: string } | null | undefined) | undefined;
}) {
  return {
    /**
     * Whether this viewer may play the stream now; `viewer` identifies it for counting (the token's
     * user id when it has one, else the client address). The reason of a refusal goes to the call log.
     */
    async check(
      stream: PlaybackStream | undefined,
      req: { token: string | null; ip: string; referer: string | null },
    ): Promise<Verdict> {
      if (!stream) return { allow: false, reason: "unknown stream" };
      if (stream.org_disabled) return { allow: false, reason: "organisation disabled" };
      if (stream.state !== "live")
        return {
          allow: false,
          reason:
            stream.state === "locked" || stream.state === "deleted"
              ? `stream is ${stream.state}`
              : `stream is ${stream.state}, not live`,
        };
      // Thumbnails need no H5Live (viewers do) and are not viewers; still only while the stream is live.
      if (req.token !== null && deps.isCapture?.(req.token, stream.id)) return { allow: true, viewer: null };
      if (!hasPackage({ packages: stream.org_packages }, "h5live"))
        return { allow: false, reason: "no H5Live package: playback is off" };
      if (req.token !== null && !TOKEN_CHARS.test(req.token)) return { allow: false, reason: "token_malformed" };
      if (!hasPackage({ packages: stream.org_packages }, "secure")) return { allow: true, viewer: `ip:${req.ip}` };
      if (!deps.verifier) return { allow: false, reason: "secure playback: token verification unavailable" };
      // In orgdeck's embed page the site that framed it stands in for the Referer (the page's own URL).
      const pass = req.token === null ? undefined : deps.openEmbedPass?.(req.token, req.ip);
      if (pass === null) return { allow: false, reason: "token_malformed" };
      const v = await deps.verifier.verifyPlayback({
        orgId: stream.org_id,
        streamId: stream.id,
        // Read only for a token bound to a tag.
        streamTags: () => deps.tagsOf(stream.id),
        token: pass ? pass.token : req.token,
        clientIp: req.ip,
        referer: pass ? `https://${pass.site}/` : req.referer,
      });
      if (!v.ok) return { allow: false, reason: v.reason };
      return { allow: true, viewer: v.claims.uid ? `uid:${v.claims.uid}` : `ip:${req.ip}` };
    },
  };
}
export type PlaybackGate = ReturnType<typeof createPlaybackGate>;
