import { z } from "zod";
import { idInput, isoDate, safeText, uuid } from "./common.js";
import { PLAYBACK_TOKEN_MAX_SECONDS } from "./playback-refusals.js";
import { tagSchema } from "./tag.js";

/**
 * Secure playback: JWTs (ES256) that let a viewer play one stream or the streams of one tag, minted by
 * orgdeck or signed by the customer's backend with a playback signing key the organisation created.
 */
export {
  PLAYBACK_REFUSALS,
  PLAYBACK_REFUSAL_CODES,
  MAX_PLAYBACK_KEYS,
  PLAYBACK_TOKEN_DEFAULT_SECONDS,
  PLAYBACK_TOKEN_MAX_SECONDS,
  type PlaybackRefusal,
} from "./playback-refusals.js";

/**
 * The claims a playback token carries (JWT names). Exactly one of `sub` (a stream id) and `tag`;
 * `ip` an address or CIDR range; `dom` a referring host (`example.com` exactly, `.example.com` it and
 * its subdomains); `uid` informational; `org` the organisation (orgdeck's tokens always carry it).
 */
export const playbackClaims = z.object({
  org: z.string().optional(),
  sub: z.string().optional(),
  tag: z.string().optional(),
  exp: z.number().describe("Expiry, seconds since the epoch"),
  nbf: z.number().optional().describe("Not valid before, seconds since the epoch"),
  iat: z.number().optional(),
  ip: z.string().optional(),
  dom: z.string().optional(),
  uid: z.string().optional(),
});
export type PlaybackClaims = z.infer<typeof playbackClaims>;

const seconds = (field: string) =>
  z
    .number({ error: `${field} must be a number of seconds` })
    .int({ message: `${field} must be a whole number of seconds` })
    .min(0, { message: `${field} must not be negative` })
    .max(PLAYBACK_TOKEN_MAX_SECONDS, {
      message: `${field} must be at most ${PLAYBACK_TOKEN_MAX_SECONDS} seconds (30 days)`,
    });

/** A token's `dom`: a lower-case host name, or `.host` for it and its subdomains; no scheme, port or path. */
export const PLAYBACK_DOMAIN_RULE =
  /^\.?(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

const mintOptions = {
  expiresIn: seconds("expiresIn")
    .min(1, { message: "expiresIn must be at least 1 second" })
    .optional()
    .describe("Lifetime in seconds from the start of validity; default 3600, at most 30 days"),
  notBefore: z
    .union([z.iso.datetime({ offset: true }), seconds("notBefore")], {
      error: "notBefore must be an ISO 8601 time or a number of seconds from now (at most 30 days)",
    })
    .optional()
    .describe("Valid from: an ISO 8601 time, or seconds from now"),
  clientIp: z
    .string({ error: "clientIp must be a string" })
    .max(64, { message: "clientIp must be at most 64 characters" })
    .optional()
    .describe("Only this client address (or CIDR range) may play"),
  domain: z
    .string({ error: "domain must be a string" })
    .trim()
    .toLowerCase()
    .regex(PLAYBACK_DOMAIN_RULE, {
      message: "domain must be a host name such as example.com, or .example.com for its subdomains",
    })
    .optional()
    .describe("Only pages on this host may embed the player (Referer); `.example.com` also allows subdomains"),
  userId: safeText("userId", 128).optional().describe("Informational: recorded with the plays"),
};

export const streamPlaybackTokenRequest = z.object(mintOptions).strict();
export type StreamPlaybackTokenRequest = z.infer<typeof streamPlaybackTokenRequest>;

export const tagPlaybackTokenRequest = z.object({ tag: tagSchema, ...mintOptions }).strict();
export type TagPlaybackTokenRequest = z.infer<typeof tagPlaybackTokenRequest>;

/** The options both forms share, as the server's minting takes them. */
export type PlaybackTokenOptions = StreamPlaybackTokenRequest;

export const playbackTokenResponse = z.object({
  token: z.string().describe("The JWT; viewers pass it as the `token` query parameter"),
  expiresAt: isoDate,
  claims: playbackClaims,
});
export type PlaybackTokenResponse = z.infer<typeof playbackTokenResponse>;

export const createPlaybackKeyRequest = z.object({ name: safeText("name", 100).optional() }).strict();
export type CreatePlaybackKeyRequest = z.infer<typeof createPlaybackKeyRequest>;

export const playbackKeyResponse = z.object({
  id: uuid,
  kid: z.string().describe("The JWT header `kid` tokens signed with this key carry"),
  name: z.string().nullable(),
  createdAt: isoDate,
});
export type PlaybackKeyResponse = z.infer<typeof playbackKeyResponse>;

export const createdPlaybackKeyResponse = playbackKeyResponse.extend({
  privateKey: z.string().describe("PKCS#8 PEM of the ES256 private key: shown once, never stored by orgdeck"),
});
export type CreatedPlaybackKeyResponse = z.infer<typeof createdPlaybackKeyResponse>;

export const playbackKeyListResponse = z.object({ keys: z.array(playbackKeyResponse) });
export type PlaybackKeyListResponse = z.infer<typeof playbackKeyListResponse>;

export const playbackKeyIdParams = z.object({ id: idInput }).strict();
