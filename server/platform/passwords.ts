import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { unavailable } from "./errors.js";

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}
/** OWASP's first-choice argon2id row: m=19 MiB, t=2, p=1. */
export const ARGON2_PARAMS: Argon2Params = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
/** The smallest argon2id allows: only for tests that sign in often but do not test hashing. */
export const ARGON2_TEST_PARAMS: Argon2Params = { memoryCost: 8, timeCost: 1, parallelism: 1 };

// The 10 000 most used passwords, ranked; refused at sign-up (ASVS 6.2.4). Compared case-insensitively.
const COMMON = new Set(dictionary["passwords-common"].slice(0, 10_000).map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}

/**
 * Hashing is CPU-heavy: at most `concurrency` run at once and at most `maxQueue` wait, so a burst of
 * logins degrades into 503s instead of exhausting memory and starving every other request.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Verifies and tells whether the hash should be upgraded to today's parameters. */
  verify(hashed: string, password: string): Promise<{ ok: boolean; needsRehash: boolean }>;
  /** Spends the same effort as a real verify, for unknown accounts. */
  dummyVerify(password: string): Promise<void>;
}

export function createPasswordHasher(
  concurrency = 2,
  maxQueue = 64,
  params: Argon2Params = ARGON2_PARAMS,
): PasswordHasher {
  const argon = { algorithm: 2 /* Algorithm.Argon2id, a const enum */, ...params } as const;
  let running = 0;
  const waiting: Array<() => void> = [];
  async function limited<T>(fn: () => Promise<T>): Promise<T> {
    if (running >= concurrency) {
      if (waiting.length >= maxQueue) throw unavailable("Too many sign-ins at once. Try again shortly.", 2);
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await fn();
    } finally {
      running--;
      waiting.shift()?.();
    }
  }
  let dummyHash: Promise<string> | undefined;
  return {
    hash: (password) => limited(() => hash(password, argon)),
    verify: (hashed, password) =>
      limited(async () => {
        const ok = await verify(hashed, password).catch(() => false);
        return {
          ok,
          needsRehash:
            ok &&
            !hashed.startsWith(`$argon2id$v=19$m=${argon.memoryCost},t=${argon.timeCost},p=${argon.parallelism}$`),
        };
      }),
    dummyVerify: async (password) => {
      dummyHash ??= hash("orgdeck-dummy-password", argon);
      const h = await dummyHash;
      await limited(() => verify(h, password).catch(() => false));
    },
  };
}
