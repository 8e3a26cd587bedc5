import { DEFAULT_LIMITS, LIMIT_KEYS, type LimitKey, type Limits } from "../../contract/limits.js";
import { AppError } from "./errors.js";

/** The organisation's limits: its own where the operator set them, the defaults elsewhere. */
export function limitsOf(org: { limits: string | null }): Limits {
  if (!org.limits) return { ...DEFAULT_LIMITS };
  const set = JSON.parse(org.limits) as Partial<Limits>;
  return Object.fromEntries(LIMIT_KEYS.map((k) => [k, typeof set[k] === "number" ? set[k] : DEFAULT_LIMITS[k]])) as Limits;
}

const NOUNS: Record<LimitKey, string> = { streams: "streams", members: "members", invites: "pending invitations", roles: "custom roles" };

/** Refuses to go past a limit: 409 quota_exceeded, naming it. */
export function checkQuota(org: { limits: string | null }, key: LimitKey, current: number, adding = 1): void {
  const max = limitsOf(org)[key];
  if (current + adding > max) {
    throw new AppError(409, "quota_exceeded", `This organisation may have at most ${max} ${NOUNS[key]}; remove some, or ask the operator to raise the limit`);
  }
}
