import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey } from "jose";
import { PLAYBACK_DOMAIN_RULE, playbackClaims, type PlaybackClaims } from "../../../contract/playback.js";
import type { PlaybackRefusal } from "../../../contract/playback-refusals.js";
import { domainRuleMatches, ipRuleMatches } from "./restrictions.js";

export interface PlaybackCheck {
  orgId: string;
  streamId: string;
  /** The stream's tags, or how to read them: read only for a token bound to a tag. */
  streamTags: readonly string[] | (() => Promise<readonly string[]>);
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
 * Tokens whose signature this instance has verified, with their claims: a player presents the same token
 * for every playlist and segment, so the ES256 verification runs once per token, not per request. What
 * can change is checked again on every use: `exp`/`nbf` against the clock, the restrictions against the
 * request, and the key (a deleted key's tokens fail within KEY_CACHE_MS, as uncached ones do). Only
 * verified tokens enter; the oldest tenth goes when it is full.
 */
export function createVerifiedTokens(max = 50_000) {
  const entries = new Map<string, { kid: string; claims: PlaybackClaims }>();
  return {
    get: (orgId: string, token: string) => entries.get(`${orgId} ${token}`),
    set(orgId: string, token: string, value: { kid: string; claims: PlaybackClaims }): void {
      if (entries.size >= max) {
        let drop = Math.ceil(max / 10);
        for (const k of entries.keys()) {
          entries.delete(k);
          if (--drop === 0) break;
        }
      }
      entries.set(`${orgId} ${token}`, value);
    },
    delete: (orgId: string, token: string) => entries.delete(`${orgId} ${token}`),
    get size() {
      return entries.size;
    },
  };
}
export type VerifiedTokens = ReturnType<typeof createVerifiedTokens>;

/**
 * Checks a playback token for one play of one stream: signature (ES256, the organisation's key named by
 * `kid`), `exp` (required) and `nbf` at `nowMs`, then the restrictions. No clock tolerance: orgdeck's
 * own tokens are made on the same clock.
 */
export async function verifyPlaybackToken(
  input: PlaybackCheck,
  lookup: KeyLookup,
  nowMs: number,
  verified?: VerifiedTokens,
): Promise<PlaybackVerdict> {
  const { token } = input;
  if (token === null || token === "") return refuse("token_missing");
  if (token.length > MAX_TOKEN_LENGTH || token.split(".").length !== 3) return refuse("token_malformed");
  const known = verified?.get(input.orgId, token);
  if (known) {
    if (!(await lookup(input.orgId, known.kid))) {
      verified?.delete(input.orgId, token);
      return refuse("token_unknown_key");
    }
    // jose's rules, without tolerance: expired at `exp`, valid from `nbf` (whole seconds).
    const now = Math.floor(nowMs / 1000);
    if (known.claims.exp <= now) {
      verified?.delete(input.orgId, token);
      return refuse("token_expired");
    }
    if (known.claims.nbf !== undefined && known.claims.nbf > now) return refuse("token_not_yet_valid");
    return restrictions(input, known.claims);
  }
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
  verified?.set(input.orgId, token, { kid: header.kid, claims });
  return restrictions(input, claims);
}

/** What the token restricts, against this request: stream or tag, client address, referring site. */
async function restrictions(input: PlaybackCheck, claims: PlaybackClaims): Promise<PlaybackVerdict> {
  if (claims.sub !== undefined && claims.sub !== input.streamId) return refuse("token_wrong_stream");
  if (claims.tag !== undefined) {
    const tags = typeof input.streamTags === "function" ? await input.streamTags() : input.streamTags;
    if (!tags.includes(claims.tag)) return refuse("token_wrong_tag");
  }
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
