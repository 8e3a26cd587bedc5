import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey } from "jose";
import { PLAYBACK_DOMAIN_RULE, playbackClaims, type PlaybackClaims } from "../../../contract/playback.js";
import type { PlaybackRefusal } from "../../../contract/playback-refusals.js";
import { domainRuleMatches, ipRuleMatches } from "./restrictions.js";

export interface PlaybackCheck {
  orgId: string;
  streamId: string;
  streamTags: readonly string[];
  token: string | null;
  clientIp: string;
  referer: string | null;
}

export type PlaybackVerdict = { ok: true; claims: PlaybackClaims } | { ok: false; reason: PlaybackRefusal };

/** The organisation's public key with this `kid`, or null: another organisation's key is never found. */
export type KeyLookup = (orgId: string, kid: string) => Promise<CryptoKey | null>;

// Only ES256: `none`, HS256 keyed with the public key and every other algorithm are refused before any lookup.
const ALGORITHMS = ["ES256"];
const MAX_TOKEN_LENGTH = 4096;

const refuse = (reason: PlaybackRefusal): PlaybackVerdict => ({ ok: false, reason });

function refusalOf(err: unknown): PlaybackRefusal {
  if (err instanceof errors.JWTExpired) return "token_expired";
  if (err instanceof errors.JWTClaimValidationFailed)
    return err.claim === "nbf" ? "token_not_yet_valid" : "token_malformed";
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JOSEAlgNotAllowed)
    return "token_bad_signature";
  return "token_malformed";
}

/**
 * Checks a playback token for one play of one stream: signature (ES256, the organisation's key named by
 * `kid`), `exp` (required) and `nbf` at `nowMs`, then the restrictions. No clock tolerance: orgdeck's
 * own tokens are made on the same clock.
 */
export async function verifyPlaybackToken(
  input: PlaybackCheck,
  lookup: KeyLookup,
  nowMs: number,
): Promise<PlaybackVerdict> {
  const { token } = input;
  if (token === null || token === "") return refuse("token_missing");
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) return refuse("token_malformed");
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return refuse("token_malformed");
  }
  if (header.alg !== "ES256") return refuse("token_bad_signature");
  if (typeof header.kid !== "string" || header.kid === "" || header.kid.length > 128)
    return refuse("token_unknown_key");
  const key = await lookup(input.orgId, header.kid);
  if (!key) return refuse("token_unknown_key");

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ALGORITHMS,
      currentDate: new Date(nowMs),
      requiredClaims: ["exp"],
    }));
  } catch (err) {
    return refuse(refusalOf(err));
  }
  const parsed = playbackClaims.safeParse(payload);
  if (!parsed.success) return refuse("token_malformed");
  const claims = parsed.data;
  // The key was found under this organisation; a token naming another one is not this key's to grant.
  if (claims.org !== undefined && claims.org !== input.orgId) return refuse("token_unknown_key");
  if ((claims.sub === undefined) === (claims.tag === undefined)) return refuse("token_malformed");
  if (claims.sub !== undefined && claims.sub !== input.streamId) return refuse("token_wrong_stream");
  if (claims.tag !== undefined && !input.streamTags.includes(claims.tag)) return refuse("token_wrong_tag");
  if (claims.ip !== undefined) {
    const match = ipRuleMatches(claims.ip, input.clientIp);
    if (match === null) return refuse("token_malformed");
    if (!match) return refuse("token_wrong_ip");
  }
  if (claims.dom !== undefined) {
    if (!PLAYBACK_DOMAIN_RULE.test(claims.dom)) return refuse("token_malformed");
    if (!domainRuleMatches(claims.dom, input.referer)) return refuse("token_wrong_domain");
  }
  return { ok: true, claims };
}
