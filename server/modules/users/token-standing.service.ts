import type { Permission } from "../../../contract/permissions.js";
import type { CoreDeps } from "../../platform/deps.js";
import { permissionsOf } from "../roles/roles.service.js";
import { liveTokensByDigest } from "./token-standing.repo.js";

export interface TokenStanding {
  orgId: string;
  userId: string;
  role: string;
  permissions: ReadonlySet<Permission>;
  expiresAt: number;
}

const CHUNK = 500;

/**
 * Whether bintu tokens still stand, and with which permissions, for holders of long-lived connections
 * (the live-update streams): one query for many tokens, and unlike a request it does not count as use
 * of the token, so the idle limit (`ORGDECK_TOKEN_IDLE`) still ends a session nobody works in.
 */
export function createTokenStanding(deps: Pick<CoreDeps, "db" | "clock" | "config">) {
  const { db, clock } = deps;
  return {
    /** The live ones among `digests`; a digest missing from the answer is revoked, expired or idle. */
    async standing(digests: readonly string[]): Promise<Map<string, TokenStanding>> {
      const now = clock.now();
      const idle = deps.config.tokenIdleMs;
      const out = new Map<string, TokenStanding>();
      for (let i = 0; i < digests.length; i += CHUNK) {
        for (const row of await liveTokensByDigest(db, digests.slice(i, i + CHUNK), now)) {
          if (idle > 0 && now - (row.last_used_at ?? row.created_at) >= idle) continue;
          out.set(row.digest, {
            orgId: row.org_id,
            userId: row.user_id,
            role: row.role,
            permissions: permissionsOf(row.role, row.role_permissions),
            expiresAt: row.expires_at,
          });
        }
      }
      return out;
    },
  };
}
export type TokenStandingService = ReturnType<typeof createTokenStanding>;
