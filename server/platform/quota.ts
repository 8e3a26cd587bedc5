import { DEFAULT_LIMITS, LIMIT_KEYS, type LimitKey, type Limits } from "../../contract/limits.js";
import type { Db } from "../db/handle.js";
import { concurrentTransactionsBound, isPostgresDb, lockQuota } from "../db/locks.js";
import { AppError } from "./errors.js";
import { readOrgLimits } from "./quota.repo.js";

/** The organisation's limits: its own where the operator set them, the defaults elsewhere. */
export function limitsOf(org: { limits: string | null }): Limits {
  if (!org.limits) return { ...DEFAULT_LIMITS };
  const set = JSON.parse(org.limits) as Partial<Limits>;
  return Object.fromEntries(
    LIMIT_KEYS.map((k) => [k, typeof set[k] === "number" ? set[k] : DEFAULT_LIMITS[k]]),
  ) as Limits;
}

const NOUNS: Record<LimitKey, string> = {
  streams: "streams",
  members: "members",
  invites: "pending invitations",
  roles: "custom roles",
  endpoints: "event endpoints",
};

function exceeded(key: LimitKey, max: number): AppError {
  return new AppError(
    409,
    "quota_exceeded",
    `This organisation may have at most ${max} ${NOUNS[key]}; remove some, or ask the operator to raise the limit`,
  );
}

/** The organisation's limit `key`; `who.org` is its row when the caller has it already. */
async function limitOf(q: Db, who: QuotaHolder, key: LimitKey): Promise<number> {
  return limitsOf(who.org ?? { limits: await readOrgLimits(q, who.orgId) })[key];
}

export interface QuotaHolder {
  orgId: string;
  org?: { limits: string | null } | undefined;
}

/** A quick refusal before any work, from a count read outside the transaction (`enforceQuota` decides). */
export async function precheckQuota(q: Db, who: QuotaHolder, key: LimitKey, seen: number): Promise<void> {
  const max = await limitOf(q, who, key);
  if (seen >= max) throw exceeded(key, max);
}

/**
 * Refuses a creation that takes the organisation past a limit: 409 quota_exceeded, naming it. Call it
 * in the creating transaction after the insert, as its last step: it takes the organisation's lock
 * for this limit (held until commit), then `count`s with the new row included.
 *
 * Near the limit the lock is exclusive: creators commit one after another, each counting the others'
 * rows. Far below it (`seen`, a recent count, plus twice the number of transactions the database can
 * have open at once) it is shared, so creators do not queue: even if every open transaction were a
 * creator, the count after all of them commit stays within the limit, and an exclusive holder waits
 * for all shared ones before it counts. Either way no limit is ever overshot.
 */
export async function enforceQuota(
  q: Db,
  who: QuotaHolder,
  key: LimitKey,
  count: () => Promise<number>,
  seen?: number,
): Promise<void> {
  const max = await limitOf(q, who, key);
  const bound = isPostgresDb(q) ? await concurrentTransactionsBound(q) : 0;
  const shared = bound > 0 && seen !== undefined && seen + 2 * bound <= max;
  await lockQuota(q, who.orgId, key, shared ? "shared" : "exclusive");
  let n = await count();
  if (shared && n + bound > max) {
    // The count rose past the margin since `seen` (rare): count again alone.
    await lockQuota(q, who.orgId, key, "exclusive");
    n = await count();
  }
  if (n > max) throw exceeded(key, max);
}
