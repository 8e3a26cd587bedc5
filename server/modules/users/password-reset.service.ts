import { inTransaction, type Db } from "../../db/handle.js";
import {
  PASSWORD_RESET_INVALID,
  PASSWORD_RESET_TTL_MS,
  type CompletePasswordResetRequest,
  type CompletePasswordResetResponse,
  type CreatedPasswordResetResponse,
  type OpenPasswordResetResponse,
  type PublicPasswordResetResponse,
} from "../../../contract/password-reset.js";
import type { Actor } from "../../platform/actor.js";
import { publicOrigin } from "../../platform/public-origin.js";
import { writeAudit, type AuditInput } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { AppError, conflict, forbidden, gone, notFound, tooManyRequests } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { digest, makeToken, tokenKind } from "../../platform/tokens.js";
import { rolePermissions } from "../roles/roles.service.js";
import { manageableMember } from "./members.service.js";
import {
  claimPasswordReset,
  findLivePasswordReset,
  findOpenPasswordResetOf,
  findOpenPasswordResetsTouchingRole,
  insertPasswordReset,
  revokeOpenPasswordResets,
  revokePasswordReset,
} from "./password-reset.repo.js";
import { liftSignInBlock } from "./session.service.js";
import { deleteUserTokens } from "./tokens.repo.js";
import { checkCredentials } from "./users.service.js";
import { findUser, findUserByEmailForLogin, updatePasswordHash, type UserRow } from "./users.repo.js";

type AuditActor = AuditInput["actor"];
type Issuer = Pick<Actor, "orgId" | "permissions"> & { userId: string | null };
type LinkRef = { id: string; org_id: string; user_id: string; created_by: string | null };

/**
 * The one rule for who may hand out a reset link for whom: checked when a link is issued (against
 * the caller) and again when it is used (against the issuer as they are now). 404/403/409 like any
 * other member action.
 */
async function checkIssuer(q: Db, issuer: Issuer, userId: string): Promise<UserRow> {
  if (!issuer.permissions.has("User.RenewTokenKey")) throw forbidden("You may not reset members' access");
  const user = await manageableMember(q, issuer, userId);
  if (issuer.userId === user.id)
    throw conflict("Change your own password under My Account; reset links are for other members.");
  return user;
}

/**
 * Why a link's issuer could not hand it out today (null: it still could). Links made with the
 * operator's command have no issuer and stay valid.
 */
async function refusalOf(q: Db, link: LinkRef): Promise<string | null> {
  if (link.created_by === null) return null;
  const issuer = await findUser(q, link.org_id, link.created_by);
  if (!issuer) return "issuer_deleted";
  const permissions = await rolePermissions(q, link.org_id, issuer.role);
  try {
    await checkIssuer(q, { orgId: link.org_id, userId: issuer.id, permissions }, link.user_id);
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (!permissions.has("User.RenewTokenKey")) return "issuer_lacks_permission";
    return err.status === 403 ? "member_beyond_issuer" : err.status === 409 ? "issuer_is_member" : "member_missing";
  }
}

/**
 * Inside a custom role's edit: ends the open links whose issuer or holder has that role and which
 * the rule no longer allows. Handed to the roles service by app.ts (roles come before users).
 */
export async function endResetLinksBrokenByRoleEdit(q: Db, orgId: string, role: string, now: number): Promise<number> {
  let ended = 0;
  for (const link of await findOpenPasswordResetsTouchingRole(q, orgId, role, now))
    if (
      (await refusalOf(q, { ...link, org_id: orgId })) !== null &&
      (await revokePasswordReset(q, orgId, link.id, now))
    )
      ended++;
  return ended;
}

/**
 * Password reset without email: an admin (or the operator's CLI) creates a single-use link valid for
 * an hour and hands it over; whoever opens it sets a new password, and every session of the account
 * ends. Only the token's digest is stored. Unknown, used, replaced and expired links all get the same
 * 410, so a link never tells whether an account exists.
 */
export function createPasswordResetService(deps: Pick<CoreDeps, "db" | "clock" | "config" | "hasher">) {
  const { db, clock } = deps;
  // Like sign-in failures: an address that presents 20 dead links in an hour is blocked for an hour.
  const failedPerIp = createFailureLimiter(db, clock, { max: 20, windowMs: 3_600_000, blockMs: 3_600_000 });
  const ipKey = (ip: string) => `password-reset:ip:${ip}`;

  async function issue(
    user: UserRow,
    actor: AuditActor,
    ctx: Partial<RequestContext>,
  ): Promise<CreatedPasswordResetResponse> {
    const token = makeToken("passwordReset");
    const now = clock.now();
    const id = newId();
    const expiresAt = now + PASSWORD_RESET_TTL_MS;
    await inTransaction(db, async (trx) => {
      const replaced = await revokeOpenPasswordResets(trx, user.org_id, user.id, now);
      const byUser = "kind" in actor && actor.kind === "user" ? actor : null;
      await insertPasswordReset(trx, {
        id,
        org_id: user.org_id,
        user_id: user.id,
        token_digest: digest(token),
        created_by: byUser?.userId ?? null,
        created_by_label: byUser?.email ?? ("label" in actor && actor.label ? actor.label : "operator"),
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
        revoked_at: null,
      });
      await writeAudit(trx, {
        orgId: user.org_id,
        actor,
        action: "user_password_reset_link_created",
        target: user.email,
        detail: { userId: user.id, linkId: id, expiresAt: toIso(expiresAt), replacedLinks: replaced },
        ip: ctx.ip ?? null,
        requestId: ctx.requestId ?? null,
        at: now,
      });
    });
    return { url: `${publicOrigin(deps.config)}/reset-password/${token}`, expiresAt: toIso(expiresAt) };
  }

  /** The live link behind a token, or the one 410 (counted against the caller's address). */
  async function findLive(token: string, ctx: RequestContext) {
    const wait = await failedPerIp.blockedFor(ipKey(ctx.ip));
    if (wait > 0)
      throw tooManyRequests(
        wait,
        `Too many invalid password reset links from your address. Try again in ${Math.ceil(wait / 60)} minutes.`,
      );
    // A malformed token cannot exist: answered like an unknown one, without a lookup.
    const row =
      tokenKind(token) === "passwordReset" ? await findLivePasswordReset(db, digest(token), clock.now()) : undefined;
    if (!row) return dead(ctx);
    return row;
  }

  /** The one 410, counted against the caller's address like an unknown link. */
  async function dead(ctx: RequestContext): Promise<never> {
    await failedPerIp.fail(ipKey(ctx.ip));
    throw gone(PASSWORD_RESET_INVALID);
  }

  /** Ends a link its issuer may no longer hand out, and records why (the holder only sees a dead link). */
  async function refuse(q: Db, link: LinkRef & { email: string }, reason: string, ctx: RequestContext, now: number) {
    await revokePasswordReset(q, link.org_id, link.id, now);
    await writeAudit(q, {
      orgId: link.org_id,
      actor: { kind: "anonymous", label: link.email },
      action: "password_reset_refused",
      target: link.email,
      outcome: "failure",
      detail: { userId: link.user_id, linkId: link.id, issuerId: link.created_by, reason },
      ip: ctx.ip,
      requestId: ctx.requestId,
      at: now,
    });
  }

  /**
   * Sets the password, ends every session, revokes other open links and lifts the account's sign-in
   * block, in one transaction. With a link, the issuer is judged again first: null when refused.
   */
  async function setPassword(
    user: { id: string; org_id: string; email: string; email_lower: string },
    password: string,
    audit: {
      actor: AuditActor;
      link: (LinkRef & { email: string }) | null;
      ctx: RequestContext | Record<never, never>;
    },
  ): Promise<number | null> {
    const checked = checkCredentials(user.email, password);
    const hashed = await deps.hasher.hash(checked.password);
    const ctx: Partial<RequestContext> = audit.ctx;
    return inTransaction(db, async (trx) => {
      const now = clock.now();
      const link = audit.link;
      if (link !== null) {
        const reason = await refusalOf(trx, link);
        if (reason !== null) {
          await refuse(trx, link, reason, audit.ctx as RequestContext, now);
          return null;
        }
        if (!(await claimPasswordReset(trx, link.id, now))) throw gone(PASSWORD_RESET_INVALID);
      }
      await updatePasswordHash(trx, user.org_id, user.id, hashed);
      const tokensRevoked = await deleteUserTokens(trx, user.org_id, user.id);
      await revokeOpenPasswordResets(trx, user.org_id, user.id, now);
      // The new password is known only to its new holder: earlier guesses no longer matter.
      await liftSignInBlock(trx, user.email_lower);
      await writeAudit(trx, {
        orgId: user.org_id,
        actor: audit.actor,
        action: "user_password_reset",
        target: user.email,
        detail: { userId: user.id, linkId: link?.id ?? null, tokensRevoked },
        ip: ctx.ip ?? null,
        requestId: ctx.requestId ?? null,
        at: now,
      });
      return tokensRevoked;
    });
  }

  async function userByEmail(email: string) {
    const user = await findUserByEmailForLogin(db, email.trim().toLowerCase());
    if (!user) throw new AppError(404, "not_found", `no user with the email ${email}`);
    return user;
  }

  return {
    /** An admin's link for a member of its organisation (never its own account: that is My Account's job). */
    async createLink(actor: Actor, userId: string): Promise<CreatedPasswordResetResponse> {
      const user = await checkIssuer(db, { ...actor, userId: actor.kind === "user" ? actor.userId : null }, userId);
      return issue(user, actor, actor);
    },

    /** A member's open link: who issued it, when, until when (404 when there is none). */
    async openLink(actor: Actor, userId: string): Promise<OpenPasswordResetResponse> {
      const user = await findUser(db, actor.orgId, userId);
      const link = user ? await findOpenPasswordResetOf(db, actor.orgId, user.id, clock.now()) : undefined;
      if (!user) throw notFound("User");
      if (!link) throw notFound("Open password reset link");
      return { createdBy: link.created_by_label, createdAt: toIso(link.created_at), expiresAt: toIso(link.expires_at) };
    },

    /** Revokes a member's open link (404 when there is none, 403 for someone more powerful). */
    async revokeLink(actor: Actor, userId: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        const user = await manageableMember(trx, actor, userId);
        const now = clock.now();
        const link = await findOpenPasswordResetOf(trx, actor.orgId, user.id, now);
        if (!link || !(await revokePasswordReset(trx, actor.orgId, link.id, now)))
          throw notFound("Open password reset link");
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "user_password_reset_link_revoked",
          target: user.email,
          detail: { userId: user.id, linkId: link.id, issuedBy: link.created_by_label },
          at: now,
        });
      });
    },

    /** Operator CLI: a link for the account with this email. */
    async createLinkForEmail(email: string): Promise<CreatedPasswordResetResponse & { email: string }> {
      const user = await userByEmail(email);
      return { ...(await issue(user, { kind: "system", label: "operator" }, {})), email: user.email };
    },

    /** Operator CLI: sets the password directly. Resolves with how many sessions ended. */
    async setPasswordForEmail(email: string, password: string): Promise<{ email: string; signedOutSessions: number }> {
      const user = await userByEmail(email);
      const signedOutSessions = await setPassword(user, password, {
        actor: { kind: "system", label: "operator" },
        link: null,
        ctx: {},
      });
      return { email: user.email, signedOutSessions: signedOutSessions ?? 0 };
    },

    /** Read-only: a link its issuer may no longer hand out looks dead here too (refused and audited on use). */
    async lookup(token: string, ctx: RequestContext): Promise<PublicPasswordResetResponse> {
      const row = await findLive(token, ctx);
      if ((await refusalOf(db, row)) !== null) return dead(ctx);
      return { expiresAt: toIso(row.expires_at), email: row.email };
    },

    async complete(
      token: string,
      input: CompletePasswordResetRequest,
      ctx: RequestContext,
    ): Promise<CompletePasswordResetResponse> {
      const row = await findLive(token, ctx);
      const user = { id: row.user_id, org_id: row.org_id, email: row.email, email_lower: row.email_lower };
      const done = await setPassword(user, input.password, {
        actor: { kind: "anonymous", label: row.email },
        link: row,
        ctx,
      });
      if (done === null) return dead(ctx);
      return { ok: true, email: row.email };
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
