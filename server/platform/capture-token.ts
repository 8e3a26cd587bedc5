import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * orgdeck's own HLS reads (thumbnail captures): a token only the server key can make (HMAC of the
 * stream id and expiry with a key derived from it, which no customer holds), so the playback
 * authorisation may let it through without a viewer's checks and without counting it as a viewer.
 * Distinct from playback JWTs by its prefix; the characters fit the playback token rule.
 */
const PREFIX = "odcap1";

export function createCaptureTokens(key: Buffer) {
  const mac = (streamId: string, exp: number) =>
    createHmac("sha256", key).update(`${PREFIX}|${streamId}|${exp}`).digest("base64url");

  return {
    /** A token for this stream's HLS, valid until `untilMs`. */
    mint(streamId: string, untilMs: number): string {
      const exp = Math.ceil(untilMs / 1000);
      return `${PREFIX}.${exp}.${mac(streamId, exp)}`;
    },
    /** Whether `token` is orgdeck's own, for this stream, and unexpired at `nowMs`. */
    verify(token: string, streamId: string, nowMs: number): boolean {
      const parts = token.split(".");
      if (parts.length !== 3 || parts[0] !== PREFIX || !/^\d{1,12}$/.test(parts[1]!)) return false;
      const exp = Number(parts[1]);
      if (exp * 1000 <= nowMs) return false;
      const want = Buffer.from(mac(streamId, exp));
      const got = Buffer.from(parts[2]!);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}
export type CaptureTokens = ReturnType<typeof createCaptureTokens>;
