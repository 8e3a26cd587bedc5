import { inTransaction, type Db } from "../../db/handle.js";
import { enqueueEvent } from "../events/outbox.service.js";
import {
  USER_SORT_DEFAULT_DIR,
  type UserListQuery,
  type UserListResponse,
  type UserResponse,
} from "../../../contract/user.js";
import { toIso } from "../../platform/clock.js";
import { missingToGrant, removesLastAdmin } from "../../access/rules.js";
import { lockOrganisation } from "../../db/locks.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.js";
import { randomBase62 } from "../../platform/ids.js";
import { roleDefinition, rolePermissions } from "../roles/roles.service.js";
import { revokeOpenPasswordResets, revokePasswordResetsOfOrBy } from "./password-reset.repo.js";
import { deleteUserTokens } from "./tokens.repo.js";
import { presentUser } from "./users.presenter.js";
import { z } from "zod";
import {
  countAdmins,
  deleteUser,
  findUser,
  listUsers,
  memberKeyOf,
  updateRole,
  updateTokenKey,
  type MemberKey,
  type UserRow,
} from "./users.repo.js";

const memberKey: z.ZodType<MemberKey> = z.tuple([
  z.union([z.string().max(300), z.number().int()]),
  z.number().int(),
  z.string().max(64),
]);

type Q = CoreDeps["db"];
const LAST_ADMIN = "An organisation must keep at least one nanoAdmin";

/** User management: list, change role, reset tokens, delete. Each kill of tokens is immediate everywhere. */
/**
 * What a membership change needs from invitations, handed in when the services are put together
 * (the invites service fits it). Invitations depend on users, so users cannot import them back.
 */
export interface MemberInvites {
  /** Inside the role change's transaction: revokes the member's open invitations for roles the new one does not cover. */
  revokeExceeding(q: Db, orgId: string, userId: string, kept: ReadonlySet<string>): Promise<number>;
  /** Inside the deletion's transaction: the member's open invitations die with it. */
  revokeCreatedBy(q: Db, orgId: string, userId: string): Promise<number>;
}

/**
 * Loads the target in the caller's organisation and refuses to act on someone more powerful. Also
 * judges a reset link's issuer as they are now, so it takes only what it reads.
 */
export async function manageableMember(
  q: Q,
  actor: Pick<Actor, "orgId" | "permissions">,
  userId: string,
): Promise<UserRow> {
  const user = await findUser(q, actor.orgId, userId);
  if (!user) throw notFound("User");
  const missing = missingToGrant(actor, await rolePermissions(q, actor.orgId, user.role));
  if (missing.length > 0) throw forbidden("You cannot manage a user who holds permissions you do not have");
  return user;
}

export function createMembersService(
  deps: Pick<CoreDeps, "db" | "dialect" | "clock" | "cursors" | "notifyEvents">,
  invites: MemberInvites,
) {
  const { db, clock, cursors } = deps;

  return {
    /** A member the caller may manage (404 outside its organisation, 403 when more powerful). */
    manageable: manageableMember,

    async list(actor: Actor, query: UserListQuery): Promise<UserListResponse> {
      const sort = query.sort ?? "joined";
      const dir = query.dir ?? USER_SORT_DEFAULT_DIR[sort];
      const q = query.q?.trim().toLowerCase() || undefined;
      const filter = { role: query.role ?? null, ...(sort !== "joined" || dir !== "asc" || q ? { sort, dir, q } : {}) };
      const scope = { route: "user", orgId: actor.orgId, filter };
      const page = cursors.page(scope, query, memberKey);
      const { rows, total } = await listUsers(db, actor.orgId, {
        role: query.role,
        q,
        sort,
        dir,
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
      });
      return {
        users: rows.slice(0, page.limit).map((r) => ({
          ...presentUser(r),
          lastActiveAt: r.last_active_at === null ? null : toIso(r.last_active_at),
        })),
        total,
        next: cursors.next(scope, rows, page.limit, (r) => memberKeyOf(sort, r)),
      };
    },

    async changeRole(actor: Actor, userId: string, roleName: string): Promise<UserResponse> {
      const changed = await inTransaction(db, async (trx) => {
        await lockOrganisation(trx, deps.dialect, actor.orgId);
        const user = await manageableMember(trx, actor, userId);
        const role = await roleDefinition(trx, actor.orgId, roleName);
        if (!role) throw badRequest(`role "${roleName}" does not exist`);
        const missing = missingToGrant(actor, role.permissions);
        if (missing.length > 0) throw forbidden(`You cannot grant permissions you do not hold: ${missing.join(", ")}`);
        if (removesLastAdmin(await countAdmins(trx, actor.orgId), user, role.name))
          throw conflict(LAST_ADMIN, "last_admin");
        await updateRole(trx, actor.orgId, user.id, user.role, role.name);
        const killed = await deleteUserTokens(trx, actor.orgId, user.id);
        const invitesRevoked = await invites.revokeExceeding(trx, actor.orgId, user.id, new Set(role.permissions));
        // Links were issued under the old role, whether the member holds one or handed one out.
        const resetLinksEnded = await revokePasswordResetsOfOrBy(trx, actor.orgId, user.id, clock.now());
        const detail = { from: user.role, to: role.name, tokensRevoked: killed, invitesRevoked, resetLinksEnded };
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "authz_change",
          target: user.email,
          detail: { userId: user.id, ...detail },
          at: clock.now(),
        });
        const data = { userId: user.id, email: user.email, previousRole: user.role, role: role.name };
        await enqueueEvent(trx, { orgId: actor.orgId, type: "member.role_changed", data }, clock);
        return presentUser({ ...user, role: role.name });
      });
      deps.notifyEvents?.();
      return changed;
    },

    async renewTokenKey(actor: Actor, userId: string): Promise<UserResponse> {
      return inTransaction(db, async (trx) => {
        const user = await manageableMember(trx, actor, userId);
        const tokenKey = randomBase62(8);
        await updateTokenKey(trx, actor.orgId, user.id, tokenKey);
        const killed = await deleteUserTokens(trx, actor.orgId, user.id);
        const resetLinksEnded = await revokeOpenPasswordResets(trx, actor.orgId, user.id, clock.now());
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "authn_token_revoked",
          target: user.email,
          detail: { userId: user.id, tokensRevoked: killed, resetLinksEnded },
          at: clock.now(),
        });
        return presentUser({ ...user, token_key: tokenKey });
      });
    },

    async remove(actor: Actor, userId: string): Promise<void> {
      if (actor.kind === "user" && actor.userId === userId) throw conflict("You cannot delete yourself");
      await inTransaction(db, async (trx) => {
        await lockOrganisation(trx, deps.dialect, actor.orgId);
        const user = await manageableMember(trx, actor, userId);
        if (removesLastAdmin(await countAdmins(trx, actor.orgId), user, null)) throw conflict(LAST_ADMIN, "last_admin");
        const revoked = await invites.revokeCreatedBy(trx, actor.orgId, user.id);
        // Links for the member go with its row; the ones it handed out must not outlive it.
        const resetLinksEnded = await revokePasswordResetsOfOrBy(trx, actor.orgId, user.id, clock.now());
        await deleteUserTokens(trx, actor.orgId, user.id);
        await deleteUser(trx, actor.orgId, user.id);
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "user_deleted",
          target: user.email,
          detail: { userId: user.id, role: user.role, invitesRevoked: revoked, resetLinksEnded },
          at: clock.now(),
        });
        const data = { userId: user.id, email: user.email, role: user.role };
        await enqueueEvent(trx, { orgId: actor.orgId, type: "member.removed", data }, clock);
      });
      deps.notifyEvents?.();
    },
  };
}
export type MembersService = ReturnType<typeof createMembersService>;
