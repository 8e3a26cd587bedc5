import { createHash, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";
import { randomBase62, toBase62 } from "./ids.js";

/**
 * Secret formats: `<prefix>_<30 random base62><6 base62 CRC32>`. The prefix makes a leaked secret
 * recognisable; the checksum lets the server refuse a mistyped one without touching the database.
 */
export const TOKEN_PREFIX = {
  userToken: "odt",
  apiKey: "odk",
  playerKey: "odp",
  invite: "odi",
  setup: "ods",
  passwordReset: "odr",
} as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

const RANDOM_LEN = 30;
const CHECK_LEN = 6;
const BODY = new RegExp(`^[0-9A-Za-z]{${RANDOM_LEN + CHECK_LEN}}$`);

function checksum(random: string): string {
  return toBase62(crc32(random), CHECK_LEN);
}

export function makeToken(kind: TokenKind): string {
  const random = randomBase62(RANDOM_LEN);
  return `${TOKEN_PREFIX[kind]}_${random}${checksum(random)}`;
}

/** Which kind a well-formed secret is, or null when its shape or checksum is wrong. */
export function tokenKind(value: string): TokenKind | null {
  const sep = value.indexOf("_");
  if (sep < 0) return null;
  const prefix = value.slice(0, sep);
  const body = value.slice(sep + 1);
  const kind = (Object.keys(TOKEN_PREFIX) as TokenKind[]).find((k) => TOKEN_PREFIX[k] === prefix);
  if (!kind || !BODY.test(body)) return null;
  const random = body.slice(0, RANDOM_LEN);
  return checksum(random) === body.slice(RANDOM_LEN) ? kind : null;
}

/** SHA-256 digest (hex) used to store and look up high-entropy secrets. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}
