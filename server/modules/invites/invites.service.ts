import { inTransaction, type Db } from "../../db/handle.js";
import { enqueueEvent } from "../events/outbox.service.js";
import {
  INVITE_DEFAULT_DAYS,
  type AcceptInviteRequest,
  type CreateInviteRequest,
  type CreatedInviteResponse,
  type InviteListQuery,
  type InviteResponse,
  type PublicInviteResponse,
} from "../../../contract/invite.js";
import { z } from "zod";
import type { LoginResponse } from "../../../contract/user.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { AppError, badRequest, conflict, gone, notFound, tooManyRequests } from "../../platform/errors.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { enforceQuota } from "../../platform/quota.js";
import { newId } from "../../platform/ids.js";
import { publicOrigin } from "../../platform/public-origin.js";
import { digest, makeToken, tokenKind } from "../../platform/tokens.js";
import { presentRole, roleDefinition, rolePermissions, type RolesService } from "../roles/roles.service.js";
import type { SessionService } from "../users/session.service.js";
import { presentUser, type UsersService } from "../users/users.service.js";
import {
  claimInvite,
  countPendingInvites,
  findInvite,
  findInviteByDigest,
  insertInvite,
  listPendingCreatedBy,
  listPendingInvites,
  revokeInvite,
  revokeInvitesCreatedBy,
  type InviteKey,
  type InviteRow,
} from "./invites.repo.js";

const inviteKey: z.ZodType<InviteKey> = z.tuple([z.number().int(), z.string().max(64)]);

const DAY_MS = 86_400_000;

function present(row: InviteRow): InviteResponse {
  return {
    id: row.id,
    role: row.role,
    label: row.label,
    createdBy: row.created_by_label,
    createdAt: toIso(row.created_at),
    expiresAt: toIso(row.expires_at),
    usedAt: row.used_at === null ? null : toIso(row.used_at),
    revokedAt: row.revoked_at === null ? null : toIso(row.revoked_at),
  };
}

/** Why a link no longer works, in words the invitee understands. */
function deadReason(row: InviteRow, now: number): string | null {
  if (row.used_at !== null) return "This invitation has already been used.";
  if (row.revoked_at !== null) return "This invitation has been revoked.";
  if (row.expires_at <= now) return "This invitation has expired.";
  return null;
}

export function createInvitesService(
  deps: Pick<CoreDeps, "db" | "clock" | "config" | "cursors" | "notifyEvents">,
  roles: RolesService,
  users: UsersService,
  session: SessionService,
) {
  const { db, clock } = deps;
  // A link may fail 5 times an hour (then 15 minutes' pause), an address 20 times an hour.
  const failedPerLink = createFailureLimiter(db, clock, { max: 5, windowMs: 3_600_000, blockMs: 900_000 });
  const failedPerIp = createFailureLimiter(db, clock, { max: 20, windowMs: 3_600_000, blockMs: 3_600_000 });

  async function findLive(token: string) {
    // A malformed token cannot exist: answer like an unknown one without a lookup.
    if (tokenKind(token) !== "invite") throw notFound("Invitation");
    const row = await findInviteByDigest(db, digest(token));
    if (!row || row.org_disabled) throw notFound("Invitation");
    const reason = deadReason(row, clock.now());
    if (reason) throw gone(reason);
    return row;
  }

  return {
    async create(actor: Actor, input: CreateInviteRequest): Promise<CreatedInviteResponse> {
      const role = await roleDefinition(db, actor.orgId, input.role);
      if (!role) throw badRequest(`role "${input.role}" does not exist`);
      roles.checkGrantable(actor, role.permissions);
      const token = makeToken("invite");
      const now = clock.now();
      const row: InviteRow = {
        id: newId(),
        org_id: actor.orgId,
        role: role.name,
        token_digest: digest(token),
        created_by: actor.kind === "user" ? actor.userId : null,
        created_by_label: actor.kind === "user" ? actor.email : "API key",
        created_at: now,
        expires_at: now + (input.expiresInDays ?? INVITE_DEFAULT_DAYS) * DAY_MS,
        used_at: null,
        used_by: null,
        revoked_at: null,
        label: input.label ?? null,
      };
      await inTransaction(db, async (trx) => {
        await insertInvite(trx, row);
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "invite_created",
          target: row.id,
          detail: { role: row.role, expiresAt: toIso(row.expires_at), ...(row.label ? { label: row.label } : {}) },
          at: now,
        });
        // A cap on open invitations keeps a leaked admin session from minting thousands.
        await enforceQuota(trx, actor, "invites", () => countPendingInvites(trx, actor.orgId, now));
      });
      return { ...present(row), url: `${publicOrigin(deps.config)}/invite/${token}` };
    },

    async list(
      actor: Actor,
      query: InviteListQuery = { limit: 100, offset: 0 },
    ): Promise<{ invites: InviteResponse[]; next: string | null }> {
      const scope = { route: "invite", orgId: actor.orgId, filter: {} };
      const page = deps.cursors.page(scope, query, inviteKey);
      const rows = await listPendingInvites(db, actor.orgId, clock.now(), {
        limit: page.limit + 1,
        offset: page.offset,
        after: page.after,
      });
      return {
        invites: rows.slice(0, page.limit).map(present),
        next: deps.cursors.next(scope, rows, page.limit, (r) => [r.created_at, r.id]),
      };
    },

    async revoke(actor: Actor, id: string): Promise<void> {
      const now = clock.now();
      await inTransaction(db, async (trx) => {
        const row = await findInvite(trx, actor.orgId, id);
        if (!row) throw notFound("Invitation");
        if (row.used_at !== null) throw conflict("This invitation has already been used");
        await revokeInvite(trx, actor.orgId, id, now);
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "invite_revoked", target: id, at: now });
      });
    },

    /**
     * Called inside the transaction that changes a user's role: its open invitations for roles that
     * hold anything the new role lacks are revoked. Resolves with how many.
     */
    async revokeExceeding(q: Db, orgId: string, userId: string, kept: ReadonlySet<string>): Promise<number> {
      const now = clock.now();
      let n = 0;
      for (const inv of await listPendingCreatedBy(q, orgId, userId, now)) {
        const role = await roleDefinition(q, orgId, inv.role);
        if (!role || role.permissions.some((p) => !kept.has(p))) n += (await revokeInvite(q, orgId, inv.id, now), 1);
      }
      return n;
    },

    /** Called inside the transaction that deletes a user: its open invitations die with it. */
    revokeCreatedBy(q: Db, orgId: string, userId: string): Promise<number> {
      return revokeInvitesCreatedBy(q, orgId, userId, clock.now());
    },

    async publicInfo(token: string): Promise<PublicInviteResponse> {
      const row = await findLive(token);
      const role = await roleDefinition(db, row.org_id, row.role);
      if (!role) throw gone("The role of this invitation no longer exists.");
      return {
        organisation: { name: row.org_name },
        role: presentRole(role),
        expiresAt: toIso(row.expires_at),
        termsUrl: deps.config.termsUrl,
      };
    },

    /**
     * Single use and atomic: of any number of parallel accepts exactly one creates a member. Failed
     * accepts are counted per link and per client address, so a link cannot be used to ask, over and
     * over, whether email addresses have accounts somewhere.
     */
    async accept(token: string, input: AcceptInviteRequest, ctx: RequestContext): Promise<LoginResponse> {
      // The server, not only the form, holds joiners to the operator's terms.
      if (deps.config.termsUrl && input.acceptTerms !== true)
        throw badRequest(`acceptTerms: accept the terms of use (${deps.config.termsUrl}) to join`);
      const invite = await findLive(token);
      const keys = [`invite-accept:link:${invite.id}`, `invite-accept:ip:${ctx.ip}`] as const;
      const wait = Math.max(await failedPerLink.blockedFor(keys[0]), await failedPerIp.blockedFor(keys[1]));
      if (wait > 0)
        throw tooManyRequests(
          wait,
          `Too many failed attempts with this invitation. Try again in ${Math.ceil(wait / 60)} minutes.`,
        );
      try {
        return await acceptLive(invite, input, ctx);
      } catch (err) {
        if (err instanceof AppError && err.status === 409) {
          await failedPerLink.fail(keys[0]);
          await failedPerIp.fail(keys[1]);
        }
        throw err;
      }
    },
  };

  async function acceptLive(
    invite: Awaited<ReturnType<typeof findLive>>,
    input: AcceptInviteRequest,
    ctx: RequestContext,
  ): Promise<LoginResponse> {
    const prepared = await users.prepareUser({
      orgId: invite.org_id,
      email: input.email,
      password: input.password,
      role: invite.role,
    });
    const anonymous = { kind: "anonymous" as const, label: prepared.email };
    const issued = await inTransaction(db, async (trx) => {
      const now = clock.now();
      if (!(await claimInvite(trx, invite.id, now, prepared.id))) {
        const fresh = await findInvite(trx, invite.org_id, invite.id);
        throw gone((fresh && deadReason(fresh, now)) ?? "This invitation can no longer be used.");
      }
      const role = await roleDefinition(trx, invite.org_id, invite.role);
      if (!role) throw gone("The role of this invitation no longer exists.");
      // Never more than its creator may grant now: a demoted inviter's links lose what they no longer hold.
      if (invite.created_by !== null) {
        const creator = await users.findMember(trx, invite.org_id, invite.created_by);
        const held = creator ? await rolePermissions(trx, invite.org_id, creator.role) : new Set<string>();
        if (role.permissions.some((p) => !held.has(p)))
          throw gone("This invitation grants more than its sender may grant now; ask for a new one.");
      }
      await users.insertPreparedUser(trx, prepared, { actor: anonymous, ip: ctx.ip, requestId: ctx.requestId });
      await writeAudit(trx, {
        orgId: invite.org_id,
        actor: anonymous,
        action: "invite_accepted",
        target: invite.id,
        ip: ctx.ip,
        requestId: ctx.requestId,
        detail: { role: invite.role, userId: prepared.id },
        at: now,
      });
      const data = { userId: prepared.id, email: prepared.email, role: invite.role, inviteId: invite.id };
      await enqueueEvent(trx, { orgId: invite.org_id, type: "member.joined", data }, clock);
      return session.issueToken(trx, prepared);
    });
    deps.notifyEvents?.();
    return { token: issued.token, expiresAt: toIso(issued.expiresAt), user: presentUser(prepared) };
  }
}
export type InvitesService = ReturnType<typeof createInvitesService>;
