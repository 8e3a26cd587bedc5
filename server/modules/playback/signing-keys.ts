import { exportJWK, exportPKCS8, generateKeyPair, importJWK, importPKCS8, type CryptoKey } from "jose";
import type { Clock } from "../../platform/clock.js";
import type { Db } from "../../db/handle.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import type { Keyring } from "../../platform/keyring.js";
import * as repo from "./playback.repo.js";

/** How long an instance trusts what it read about a `kid`: a deleted key's tokens fail within this. */
export const KEY_CACHE_MS = 2_000;
const CACHE_MAX = 10_000;

/** A fresh ES256 pair: the public half as stored (JWK text), the private half as PKCS#8 PEM. */
export async function newKeyPair(): Promise<{ kid: string; publicJwk: string; privatePem: string }> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  return {
    kid: randomBase62(20),
    publicJwk: JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }),
    privatePem: await exportPKCS8(privateKey),
  };
}

/**
 * The keys of every organisation as this instance uses them: public keys by `kid` for verification
 * (cached for KEY_CACHE_MS, misses too, so a flood of unknown kids costs one read per kid and period)
 * and each organisation's own signing key, made on first use.
 */
export function createKeyStore(deps: { db: Db; clock: Clock; keyring: Keyring }) {
  const { db, clock, keyring } = deps;
  const publicKeys = new Map<string, { until: number; key: Promise<CryptoKey | null> }>();
  const signing = new Map<string, Promise<{ kid: string; key: CryptoKey }>>();

  async function readPublic(orgId: string, kid: string): Promise<CryptoKey | null> {
    const row = await repo.findKeyByKid(db, orgId, kid);
    return row ? ((await importJWK(JSON.parse(row.public_jwk) as object, "ES256")) as CryptoKey) : null;
  }

  async function readOrMakeSigning(orgId: string): Promise<{ kid: string; key: CryptoKey }> {
    let row = await repo.findHeldKey(db, orgId);
    if (!row) {
      const pair = await newKeyPair();
      await repo.insertHeldKey(db, {
        id: newId(),
        org_id: orgId,
        kid: pair.kid,
        held_by: "orgdeck",
        name: null,
        public_jwk: pair.publicJwk,
        private_key_enc: keyring.encrypt(pair.privatePem),
        created_at: clock.now(),
      });
      // A concurrent first mint may have won the unique index: use whichever row is there.
      row = await repo.findHeldKey(db, orgId);
    }
    if (!row?.private_key_enc) throw new Error("playback signing key missing after insert");
    return { kid: row.kid, key: (await importPKCS8(keyring.decrypt(row.private_key_enc), "ES256")) as CryptoKey };
  }

  return {
    publicKey(orgId: string, kid: string): Promise<CryptoKey | null> {
      const cacheKey = `${orgId}:${kid}`;
      const now = clock.now();
      const hit = publicKeys.get(cacheKey);
      if (hit && hit.until > now) return hit.key;
      if (publicKeys.size >= CACHE_MAX) publicKeys.clear();
      const key = readPublic(orgId, kid);
      publicKeys.set(cacheKey, { until: now + KEY_CACHE_MS, key });
      // A failed read (database down) is not remembered: the next request asks again.
      key.catch(() => publicKeys.delete(cacheKey));
      return key;
    },

    signingKey(orgId: string): Promise<{ kid: string; key: CryptoKey }> {
      let s = signing.get(orgId);
      if (!s) {
        if (signing.size >= CACHE_MAX) signing.clear();
        s = readOrMakeSigning(orgId);
        signing.set(orgId, s);
        s.catch(() => signing.delete(orgId));
      }
      return s;
    },

    /** This instance forgets a deleted key at once; others within KEY_CACHE_MS. */
    forget(orgId: string, kid: string): void {
      publicKeys.delete(`${orgId}:${kid}`);
    },
  };
}
export type KeyStore = ReturnType<typeof createKeyStore>;
