import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Encrypts secrets that must be shown again (the org API key, the player key) with AES-256-GCM
 * under the server key. The server key never enters the database.
 */
export interface Keyring {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A 32-byte key for one purpose (e.g. signing cursors), derived from the server key. */
  derive(purpose: string): Buffer;
}

export function createKeyring(key: Buffer): Keyring {
  if (key.length !== 32) throw new Error("server key must be 32 bytes");
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), ct.toString("base64")].join(".");
    },
    decrypt(sealed) {
      const [v, iv, tag, ct] = sealed.split(".");
      if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("unknown ciphertext format");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(ct, "base64")), decipher.final()]).toString("utf8");
    },
    derive(purpose) {
      return createHmac("sha256", key).update(`orgdeck:${purpose}`).digest();
    },
  };
}

/**
 * The server key: from ORGDECK_SECRET_KEY (64 hex chars, 44 base64 chars, or any passphrase of
 * 32+ characters, which is hashed), else read from — or generated once into — `<dataDir>/secret.key`.
 */
export function loadServerKey(secret: string | undefined, dataDir: string): Buffer {
  if (secret !== undefined && secret !== "") return parseKey(secret);
  const file = path.join(dataDir, "secret.key");
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, "utf8").trim());
  fs.mkdirSync(dataDir, { recursive: true });
  const generated = randomBytes(32).toString("hex");
  fs.writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
  return Buffer.from(generated, "hex");
}

function parseKey(secret: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return Buffer.from(secret, "hex");
  if (/^[A-Za-z0-9+/]{43}=$/.test(secret)) return Buffer.from(secret, "base64");
  if (secret.length >= 32) return createHash("sha256").update(secret).digest();
  throw new Error("ORGDECK_SECRET_KEY must be 64 hex characters, 32 bytes of base64, or at least 32 characters");
}
