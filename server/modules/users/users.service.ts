import { inTransaction, type Db } from "../../db/handle.js";
import { emailSchema, passwordSchema } from "../../../contract/common.js";
import { isUniqueViolation } from "../../db/database.js";
import { writeAudit, type AuditInput } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, conflict } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { isCommonPassword } from "../../platform/passwords.js";
import { roleDefinition } from "../roles/roles.service.js";
import { enforceQuota } from "../../platform/quota.js";
import { readCounter } from "../../platform/counters.repo.js";
import { findUser, insertUser, type UserRow } from "./users.repo.js";
import { presentUser } from "./users.presenter.js";

/** How other modules show a user: through this service, not the presenter file. */
export { presentUser };

export interface NewUser {
  orgId: string;
  email: string;
  password: string;
  role: string;
}

/** Validates email and password by the sign-up rules; throws a 400 naming the problem. */
export function checkCredentials(email: string, password: string): { email: string; password: string } {
  const e = emailSchema.safeParse(email);
  if (!e.success) throw badRequest(e.error.issues[0]?.message ?? "email is invalid");
  const p = passwordSchema.safeParse(password);
  if (!p.success) throw badRequest(p.error.issues[0]?.message ?? "password is invalid");
  if (isCommonPassword(password)) throw badRequest("password is too common; choose a longer passphrase");
  return { email: e.data, password };
}

export function createUsersService(deps: Pick<CoreDeps, "db" | "clock" | "hasher">) {
  return {
    /** Creates one member directly (operator CLI); invitations are the members' own way in. */
    async createUser(input: NewUser, audit: Omit<AuditInput, "action" | "orgId" | "at">) {
      const row = await this.prepareUser(input);
      await inTransaction(deps.db, (trx) => this.insertPreparedUser(trx, row, audit));
      return presentUser(row);
    },

    /**
     * Hashes first (slow, outside any transaction), then inserts inside the caller's transaction
     * `q` together with its audit event.
     */
    async prepareUser(input: NewUser): Promise<UserRow> {
      const { email, password } = checkCredentials(input.email, input.password);
      return {
        id: newId(),
        org_id: input.orgId,
        email,
        email_lower: email.toLowerCase(),
        password_hash: await deps.hasher.hash(password),
        role: input.role,
        token_key: randomBase62(8),
        created_at: deps.clock.now(),
      };
    },

    /** A member of the organisation (for checks other modules make inside their transactions). */
    findMember: (q: Db, orgId: string, id: string) => findUser(q, orgId, id),

    async insertPreparedUser(q: Db, row: UserRow, audit: Omit<AuditInput, "action" | "orgId" | "at">): Promise<void> {
      if (!(await roleDefinition(q, row.org_id, row.role))) throw badRequest(`role "${row.role}" does not exist`);
      try {
        await insertUser(q, row);
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict("An account with this email already exists");
        throw err;
      }
      await enforceQuota(q, { orgId: row.org_id }, "members", () => readCounter(q, row.org_id, "users"));
      await writeAudit(q, {
        ...audit,
        orgId: row.org_id,
        action: "user_created",
        target: row.email,
        at: deps.clock.now(),
        detail: { role: row.role },
      });
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
