import { z } from "zod";
import { DEFAULT_EVENT_ENDPOINTS } from "./event-types.js";

/** What an organisation may hold; the operator raises or lowers them per organisation. */
export const LIMIT_KEYS = ["streams", "members", "invites", "roles", "endpoints"] as const;
export type LimitKey = (typeof LIMIT_KEYS)[number];
export type Limits = Record<LimitKey, number>;

export const DEFAULT_LIMITS: Limits = {
  streams: 100_000,
  members: 1_000,
  invites: 200,
  roles: 100,
  endpoints: DEFAULT_EVENT_ENDPOINTS,
};

/** Live bintu tokens one user may hold: a new sign-in beyond that ends the oldest. */
export const TOKENS_PER_USER = 20;

export const limitsSchema = z
  .object(
    Object.fromEntries(LIMIT_KEYS.map((k) => [k, z.number().int().min(0).max(10_000_000).optional()])) as Record<
      LimitKey,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();
