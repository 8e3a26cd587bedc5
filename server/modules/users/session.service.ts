import { inTransaction, type Db } from "../../db/handle.js";
import { groupPermissions } from "../../../contract/permissions.js";
import type {
  ChangePasswordRequest,
  ChangePasswordResponse,
  LoginRequest,
  LoginResponse,
  MeResponse,
} from "../../../contract/user.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { badRequest, notFound, tooManyRequests, unauthorized } from "../../platform/errors.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { deleteFailures, deleteFailuresByPrefix } from "../../platform/rate-limit.repo.js";
import { digest, makeToken } from "../../platform/tokens.js";
import { permissionsOf, roleDefinition } from "../roles/roles.service.js";
import { TOKENS_PER_USER } from "../../../contract/limits.js";
import {
  deleteExpiredTokens,
  deleteOldestTokens,
  deleteOtherUserTokens,
  deleteToken,
  findLiveToken,
  insertToken,
  markActive,
  touchToken,
} from "./tokens.repo.js";
import { revokeOpenPasswordResets } from "./password-reset.repo.js";
import { presentUser } from "./users.presenter.js";
import { checkCredentials } from "./users.service.js";
import { findUser, findUserByEmailForLogin, findUserWithOrg, updatePasswordHash } from "./users.repo.js";

const LOGIN_FAILED = "Invalid email or password";
/** How often a token in use records it (and so the member's "last active"): about once in 5 minutes. */
export const ACTIVE_WRITE_MS = 5 * 60_000;

/** Maintenance: bintu tokens past their expiry can never be used again. */
export function sweepExpiredTokens(db: Db, now: number): Promise<void> {
  return deleteExpiredTokens(db, now);
}

const keys = (emailLower: string, ip: string) => ({
  pair: `login:pair:${emailLower}|${ip}`,
  account: `login:acct:${emailLower}`,
  ip: `login:ip:${ip}`,
});

/**
 * Lifts an account's sign-in blocks (its own and those of every address it was tried from), for
 * when its password was just reset; the addresses' own counters stay.
 */
export async function liftSignInBlock(q: Db, emailLower: string): Promise<void> {
  await deleteFailures(q, keys(emailLower, "").account);
  await deleteFailuresByPrefix(q, keys(emailLower, "").pair);
}

/** Login, logout, the current user, and turning a bintu token into an Actor. */
export function createSessionService(deps: Pick<CoreDeps, "db" | "clock" | "config" | "hasher">) {
  const { db, clock } = deps;
  // 10 failures for one account from one client address block that pair for 15 minutes: the owner,
  // elsewhere, still signs in. 100 failures for one account in an hour, from any addresses, block the
  // account (distributed guessing); 100 failures from one address in an hour block the address.
  const perPair = createFailureLimiter(db, clock, { max: 10, windowMs: 3_600_000, blockMs: 900_000 });
  const perAccount = createFailureLimiter(db, clock, { max: 100, windowMs: 3_600_000, blockMs: 3_600_000 });
  const perIp = createFailureLimiter(db, clock, { max: 100, windowMs: 3_600_000, blockMs: 3_600_000 });
  /** Seconds until this account may be tried again from this address (0: now). */
  const waitFor = async (k: ReturnType<typeof keys>) =>
    Math.max(await perPair.blockedFor(k.pair), await perAccount.blockedFor(k.account), await perIp.blockedFor(k.ip));
  /** Counts one failure everywhere; true when it started a block of the pair or the account. */
  const failed = async (k: ReturnType<typeof keys>) => {
    const pair = await perPair.fail(k.pair);
    const account = await perAccount.fail(k.account);
    await perIp.fail(k.ip);
    return pair || account;
  };

  async function issueToken(q: typeof db, user: { id: string; org_id: string }) {
    const token = makeToken("userToken");
    const now = clock.now();
    const expiresAt = now + deps.config.tokenTtlMs;
    await insertToken(q, {
      digest: digest(token),
      user_id: user.id,
      org_id: user.org_id,
      created_at: now,
      expires_at: expiresAt,
      last_used_at: now,
    });
    // At most TOKENS_PER_USER live sessions per user: a new one ends the oldest.
    await deleteOldestTokens(q, user.org_id, user.id, TOKENS_PER_USER);
    await markActive(q, user.org_id, user.id, now);
    return { token, expiresAt };
  }

  return {
    issueToken,

    async login(input: LoginRequest, ctx: RequestContext): Promise<LoginResponse> {
      const emailLower = input.email.trim().toLowerCase();
      const k = keys(emailLower, ctx.ip);
      const wait = await waitFor(k);
      if (wait > 0) throw tooManyRequests(wait, `Too many failed sign-ins. Try again in ${wait} seconds.`);

      const user = await findUserByEmailForLogin(db, emailLower);
      let ok = false;
      if (user && !user.org_disabled) {
        const result = await deps.hasher.verify(user.password_hash, input.password);
        ok = result.ok;
        if (ok && result.needsRehash)
          await updatePasswordHash(db, user.org_id, user.id, await deps.hasher.hash(input.password));
      } else {
        await deps.hasher.dummyVerify(input.password);
      }

      if (!ok || !user) {
        const blocked = await failed(k);
        const anonymous = { kind: "anonymous" as const, label: emailLower.slice(0, 254) };
        await writeAudit(db, {
          orgId: user?.org_id ?? null,
          actor: anonymous,
          action: "authn_login_fail",
          target: user?.id ?? null,
          outcome: "failure",
          ip: ctx.ip,
          requestId: ctx.requestId,
          at: clock.now(),
        });
        if (blocked) {
          await writeAudit(db, {
            orgId: user?.org_id ?? null,
            actor: anonymous,
            action: "authn_login_fail_max",
            target: user?.id ?? null,
            outcome: "failure",
            ip: ctx.ip,
            requestId: ctx.requestId,
            at: clock.now(),
          });
        }
        throw unauthorized(LOGIN_FAILED);
      }

      await perPair.reset(k.pair);
      const issued = await inTransaction(db, async (trx) => {
        const t = await issueToken(trx, user);
        await writeAudit(trx, {
          orgId: user.org_id,
          actor: { kind: "anonymous", label: user.email },
          action: "authn_login_success",
          target: user.id,
          ip: ctx.ip,
          requestId: ctx.requestId,
          at: clock.now(),
        });
        return t;
      });
      return { token: issued.token, expiresAt: toIso(issued.expiresAt), user: presentUser(user) };
    },

    async logout(actor: Actor): Promise<void> {
      if (actor.kind !== "user") return;
      await inTransaction(db, async (trx) => {
        await deleteToken(trx, actor.orgId, actor.tokenDigest);
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "session_logout",
          target: actor.userId,
          at: clock.now(),
        });
      });
    },

    /**
     * Needs the current password (a stolen session alone cannot take the account over); wrong
     * guesses count towards the same per-account block as failed sign-ins.
     */
    async changePassword(
      actor: Actor,
      input: ChangePasswordRequest,
      ctx: RequestContext,
    ): Promise<ChangePasswordResponse> {
      if (actor.kind !== "user") throw unauthorized();
      const user = await findUser(db, actor.orgId, actor.userId);
      if (!user) throw unauthorized();
      const k = keys(user.email_lower, ctx.ip);
      const wait = await waitFor(k);
      if (wait > 0) throw tooManyRequests(wait, `Too many wrong passwords. Try again in ${wait} seconds.`);
      const { ok } = await deps.hasher.verify(user.password_hash, input.currentPassword);
      if (!ok) {
        await failed(k);
        await writeAudit(db, {
          orgId: actor.orgId,
          actor,
          action: "authn_password_change_fail",
          target: actor.userId,
          outcome: "failure",
          ip: ctx.ip,
          requestId: ctx.requestId,
          at: clock.now(),
        });
        throw badRequest("currentPassword: this is not your current password");
      }
      const { password } = checkCredentials(user.email, input.newPassword);
      if (password === input.currentPassword)
        throw badRequest("newPassword: choose a password different from the current one");
      const hashed = await deps.hasher.hash(password);
      const signedOutSessions = await inTransaction(db, async (trx) => {
        await updatePasswordHash(trx, actor.orgId, actor.userId, hashed);
        const n =
          input.signOutOtherSessions === false
            ? 0
            : await deleteOtherUserTokens(trx, actor.orgId, actor.userId, actor.tokenDigest);
        // The owner chose a password: a reset link someone else holds for the account dies.
        const resetLinksEnded = await revokeOpenPasswordResets(trx, actor.orgId, actor.userId, clock.now());
        await writeAudit(trx, {
          orgId: actor.orgId,
          actor,
          action: "authn_password_changed",
          target: actor.userId,
          detail: { signedOutSessions: n, resetLinksEnded },
          ip: ctx.ip,
          requestId: ctx.requestId,
          at: clock.now(),
        });
        return n;
      });
      await perPair.reset(k.pair);
      return { ok: true, signedOutSessions };
    },

    async me(actor: Actor): Promise<MeResponse> {
      if (actor.kind !== "user") throw unauthorized();
      const user = await findUserWithOrg(db, actor.orgId, actor.userId);
      const role = await roleDefinition(db, actor.orgId, actor.role);
      if (!user || !role) throw notFound("User");
      return {
        user: presentUser(user),
        organisation: { id: user.org_id, name: user.org_name, hash: user.org_hash },
        role: { ...role, permissions: groupPermissions(role.permissions) },
        permissions: [...actor.permissions],
        tokenExpiresAt: toIso(actor.tokenExpiresAt),
      };
    },

    /** The role is read from the user row on every request, so a role change bites at once. */
    async resolveToken(secret: string, ctx: RequestContext): Promise<Actor | null> {
      const d = digest(secret);
      const now = clock.now();
      const row = await findLiveToken(db, d, now);
      if (!row) return null;
      const idle = deps.config.tokenIdleMs;
      const lastUsed = row.last_used_at ?? row.created_at;
      if (idle > 0 && now - lastUsed >= idle) return null;
      // At most one write per token every ACTIVE_WRITE_MS (with an idle limit: per minute, or per
      // quarter of a short limit): it feeds the idle limit and the member list's "last active".
      if (now - lastUsed >= (idle > 0 ? Math.min(60_000, idle / 4) : ACTIVE_WRITE_MS))
        await touchToken(db, d, now, { orgId: row.org_id, userId: row.user_id });
      return {
        kind: "user",
        orgId: row.org_id,
        userId: row.user_id,
        email: row.email,
        role: row.role,
        permissions: permissionsOf(row.role, row.role_permissions),
        tokenDigest: d,
        tokenExpiresAt: row.expires_at,
        ip: ctx.ip,
        requestId: ctx.requestId,
        org: row.org,
      };
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
