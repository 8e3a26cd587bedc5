import { SignJWT, type CryptoKey } from "jose";
import {
  PLAYBACK_DOMAIN_RULE,
  PLAYBACK_TOKEN_DEFAULT_SECONDS,
  PLAYBACK_TOKEN_MAX_SECONDS,
  type PlaybackClaims,
  type PlaybackTokenOptions,
} from "../../../contract/playback.js";
import { badRequest } from "../../platform/errors.js";
import { normaliseIpRule } from "./restrictions.js";

/** What a token lets its holder play: one stream, or every stream carrying a tag. */
export type PlaybackTarget = { streamId: string } | { tag: string };

export interface MintOptions extends Omit<PlaybackTokenOptions, "notBefore"> {
  /** An ISO 8601 time, a Date, or seconds from now. */
  notBefore?: string | number | Date | undefined;
}

const MAX_MS = PLAYBACK_TOKEN_MAX_SECONDS * 1000;

/**
 * The claims of a token minted at `nowMs`. Kept as short as the checks allow: nginx-rtmp keeps only 256
 * bytes of a play's arguments, so an RTMP play's `?token=` must fit there. No `org` (the key is looked up
 * in the stream's organisation, so another organisation's token cannot verify anyway), no `iat`, no `typ`. Its lifetime (`expiresIn`, default 1 h, at most 30 days)
 * runs from the start of validity: `notBefore` when that is later than now. Bad options are 400s naming
 * the field (the routes' schemas check most of it; other callers of mintPlaybackToken get the same).
 */
export function mintClaims(target: PlaybackTarget, opts: MintOptions, nowMs: number): PlaybackClaims {
  const expiresIn = opts.expiresIn ?? PLAYBACK_TOKEN_DEFAULT_SECONDS;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > PLAYBACK_TOKEN_MAX_SECONDS)
    throw badRequest(`expiresIn must be between 1 and ${PLAYBACK_TOKEN_MAX_SECONDS} seconds (30 days)`);
  let start = nowMs;
  if (opts.notBefore !== undefined) {
    const nb = opts.notBefore;
    start = typeof nb === "number" ? nowMs + nb * 1000 : nb instanceof Date ? nb.getTime() : Date.parse(nb);
    if (!Number.isFinite(start)) throw badRequest("notBefore must be an ISO 8601 time or a number of seconds from now");
    if (start > nowMs + MAX_MS) throw badRequest("notBefore must be at most 30 days from now");
  }
  const ip = opts.clientIp === undefined ? undefined : normaliseIpRule(opts.clientIp.trim());
  if (ip === null)
    throw badRequest("clientIp must be an IP address or a CIDR range, such as 203.0.113.7 or 203.0.113.0/24");
  const dom = opts.domain?.trim().toLowerCase();
  if (dom !== undefined && !PLAYBACK_DOMAIN_RULE.test(dom))
    throw badRequest("domain must be a host name such as example.com, or .example.com for its subdomains");
  const seconds = (ms: number) => Math.floor(ms / 1000);
  return {
    ...("streamId" in target ? { sub: target.streamId } : { tag: target.tag }),
    ...(opts.notBefore !== undefined ? { nbf: seconds(start) } : {}),
    exp: seconds(Math.max(nowMs, start)) + expiresIn,
    ...(ip !== undefined ? { ip } : {}),
    ...(dom !== undefined ? { dom } : {}),
    ...(opts.userId !== undefined ? { uid: opts.userId } : {}),
  };
}

export function signClaims(claims: PlaybackClaims, signer: { kid: string; key: CryptoKey }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: signer.kid }).sign(signer.key);
}
