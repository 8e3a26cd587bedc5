import { inTransaction } from "../../db/handle.js";
import {
  PASSWORD_RESET_INVALID,
  PASSWORD_RESET_TTL_MS,
  type CompletePasswordResetRequest,
  type CompletePasswordResetResponse,
  type CreatedPasswordResetResponse,
  type PublicPasswordResetResponse,
} from "../../../contract/password-reset.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit, type AuditInput } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { AppError, conflict, gone, tooManyRequests } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { digest, makeToken, tokenKind } from "../../platform/tokens.js";
import type { MembersService } from "./members.service.js";
import {
  claimPasswordReset,
  findLivePasswordReset,
  insertPasswordReset,
  revokeOpenPasswordResets,
} from "./password-reset.repo.js";
import { deleteUserTokens } from "./tokens.repo.js";
import { checkCredentials } from "./users.service.js";
import { findUserByEmailForLogin, updatePasswordHash, type UserRow } from "./users.repo.js";

type AuditActor = AuditInput["actor"];

/**
 * Password reset without email: an admin (or the operator's CLI) creates a single-use link valid for
 * an hour and hands it over; whoever opens it sets a new password, and every session of the account
 * ends. Only the token's digest is stored. Unknown, used, replaced and expired links all get the same
 * 410, so a link never tells whether an account exists.
 */
export function createPasswordResetService(
  deps: Pick<CoreDeps, "db" | "clock" | "config" | "hasher">,
  members: MembersService,
) {
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
    return { url: `${deps.config.publicUrl}/reset-password/${token}`, expiresAt: toIso(expiresAt) };
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
    if (!row) {
      await failedPerIp.fail(ipKey(ctx.ip));
      throw gone(PASSWORD_RESET_INVALID);
    }
    return row;
  }

  /** Sets the password, ends every session and revokes other open links, in one transaction. */
  async function setPassword(
    user: { id: string; org_id: string; email: string },
    password: string,
    audit: { actor: AuditActor; linkId: string | null; ctx: Partial<RequestContext> },
  ): Promise<number> {
    const checked = checkCredentials(user.email, password);
    const hashed = await deps.hasher.hash(checked.password);
    return inTransaction(db, async (trx) => {
      const now = clock.now();
      if (audit.linkId !== null && !(await claimPasswordReset(trx, audit.linkId, now)))
        throw gone(PASSWORD_RESET_INVALID);
      await updatePasswordHash(trx, user.org_id, user.id, hashed);
      const tokensRevoked = await deleteUserTokens(trx, user.org_id, user.id);
      await revokeOpenPasswordResets(trx, user.org_id, user.id, now);
      await writeAudit(trx, {
        orgId: user.org_id,
        actor: audit.actor,
        action: "user_password_reset",
        target: user.email,
        detail: { userId: user.id, linkId: audit.linkId, tokensRevoked },
        ip: audit.ctx.ip ?? null,
        requestId: audit.ctx.requestId ?? null,
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
      const user = await members.manageable(db, actor, userId);
      if (actor.kind === "user" && actor.userId === user.id)
        throw conflict("Change your own password under My Account; reset links are for other members.");
      return issue(user, actor, actor);
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
        linkId: null,
        ctx: {},
      });
      return { email: user.email, signedOutSessions };
    },

    async lookup(token: string, ctx: RequestContext): Promise<PublicPasswordResetResponse> {
      const row = await findLive(token, ctx);
      return { expiresAt: toIso(row.expires_at), email: row.email };
    },

    async complete(
      token: string,
      input: CompletePasswordResetRequest,
      ctx: RequestContext,
    ): Promise<CompletePasswordResetResponse> {
      const row = await findLive(token, ctx);
      await setPassword({ id: row.user_id, org_id: row.org_id, email: row.email }, input.password, {
        actor: { kind: "anonymous", label: row.email },
        linkId: row.id,
        ctx,
      });
      return { ok: true, email: row.email };
    },
  };
}
export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
