import { DEFAULT_LIMITS, LIMIT_KEYS, type LimitKey, type Limits } from "../../contract/limits.js";
import type { Db } from "../db/handle.js";
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
};

/**
 * Refuses to go past a limit: 409 quota_exceeded, naming it. `who.org` is the organisation row when
 * the caller has it already (read with the credential); otherwise its limits are read here.
 */
export async function checkQuota(
  q: Db,
  who: { orgId: string; org?: { limits: string | null } | undefined },
  key: LimitKey,
  current: number,
): Promise<void> {
  const org = who.org ?? { limits: await readOrgLimits(q, who.orgId) };
  const max = limitsOf(org)[key];
  if (current + 1 > max) {
    throw new AppError(
      409,
      "quota_exceeded",
      `This organisation may have at most ${max} ${NOUNS[key]}; remove some, or ask the operator to raise the limit`,
    );
  }
}
