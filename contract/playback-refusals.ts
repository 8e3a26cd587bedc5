/**
 * Why a play was refused for its token, as plain data (no zod): the server's verification, the call
 * log and the dashboard share this one list. None of them names anything secret.
 */
export const PLAYBACK_REFUSALS = {
  token_missing: "No playback token",
  token_malformed: "Playback token malformed",
  token_expired: "Playback token expired",
  token_not_yet_valid: "Playback token not yet valid",
  token_wrong_stream: "Playback token for another stream",
  token_wrong_tag: "Playback token for a tag the stream does not carry",
  token_wrong_ip: "Playback token for another client address",
  token_wrong_domain: "Playback token for another referring domain",
  token_unknown_key: "Playback token signed by an unknown or deleted key",
  token_bad_signature: "Playback token signature invalid",
} as const;

export type PlaybackRefusal = keyof typeof PLAYBACK_REFUSALS;
export const PLAYBACK_REFUSAL_CODES = Object.keys(PLAYBACK_REFUSALS) as PlaybackRefusal[];

/** Customer signing keys an organisation may hold at once. */
export const MAX_PLAYBACK_KEYS = 5;
/** Token lifetimes: the default and the longest the server mints. */
export const PLAYBACK_TOKEN_DEFAULT_SECONDS = 3600;
export const PLAYBACK_TOKEN_MAX_SECONDS = 30 * 24 * 3600;
