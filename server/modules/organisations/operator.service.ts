import { z } from "zod";
import {
  ANALYTICS_LEVELS,
  PACKAGE_GRANTS,
  SUPPORT_LEVELS,
  orgHashSchema,
  organisationNameSchema,
} from "../../../contract/organisation.js";
import { limitsSchema } from "../../../contract/limits.js";
import { BUILT_IN_ROLES } from "../../../contract/permissions.js";
import type { UserResponse } from "../../../contract/user.js";
import { isUniqueViolation } from "../../db/database.js";
import { inTransaction } from "../../db/handle.js";
import { writeAudit } from "../../platform/audit.js";
import type { CoreDeps } from "../../platform/deps.js";
import { badRequest, conflict, notFound } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { presentUser, type UsersService } from "../users/users.service.js";
import { newKeys } from "./credentials.service.js";
import {
  countOrganisations,
  findOrganisation,
  findOrganisationByHash,
  insertOrganisation,
  listOrganisations,
  updateOrganisation,
  type OrganisationRow,
} from "./organisations.repo.js";
import { presentOrganisationForOperator } from "./organisations.presenter.js";

const orgSettingsSchema = z
  .object({
    name: organisationNameSchema,
    hash: orgHashSchema.optional(),
    supportLevel: z.enum(SUPPORT_LEVELS, { message: `support level must be one of ${SUPPORT_LEVELS.join(", ")}` }),
    analyticsLevel: z.enum(ANALYTICS_LEVELS, {
      message: `analytics level must be one of ${ANALYTICS_LEVELS.join(", ")}`,
    }),
    packages: z.array(
      z
        .string()
        .refine((p) => PACKAGE_GRANTS.includes(p), { message: `packages may hold only: ${PACKAGE_GRANTS.join(", ")}` }),
    ),
    trial: z.boolean(),
    limits: limitsSchema.optional(),
  })
  .strict();
export type OrgSettings = z.input<typeof orgSettingsSchema>;

function parseSettings<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw badRequest(`${i?.path.join(".") || "input"}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

const SYSTEM = { kind: "system" as const, label: "operator" };

/** What the operator does (CLI, first-run setup): create organisations and change their levels; members cannot reach this. */
export function createOperatorTasks(deps: Pick<CoreDeps, "db" | "clock" | "keyring">, users: UsersService) {
  const { db, clock, keyring } = deps;
  return {
    /** Creates an organisation with its first admin (operator CLI and first-run setup). */
    async createOrganisation(
      input: Partial<OrgSettings> & { name: string; admin: { email: string; password: string } },
      audit: { actor: { kind: "system" | "anonymous"; label?: string }; ip?: string; requestId?: string } = {
        actor: SYSTEM,
      },
    ): Promise<{
      organisation: ReturnType<typeof presentOrganisationForOperator> & { apiKey: string; playerKey: string };
      admin: UserResponse;
    }> {
      const { admin, ...settings } = input;
      const s = parseSettings(orgSettingsSchema, {
        supportLevel: "basic",
        analyticsLevel: "basic",
        packages: [],
        trial: false,
        ...settings,
      });
      const orgId = newId();
      const adminRow = await users.prepareUser({
        orgId,
        email: admin.email,
        password: admin.password,
        role: BUILT_IN_ROLES.nanoAdmin.name,
      });
      const now = clock.now();
      for (let attempt = 0; ; attempt++) {
        const keys = newKeys(keyring, now);
        const row: OrganisationRow = {
          id: orgId,
          name: s.name,
          hash: s.hash ?? randomBase62(5),
          support_level: s.supportLevel,
          analytics_level: s.analyticsLevel,
          trial: s.trial ? 1 : 0,
          packages: JSON.stringify([...new Set(s.packages)]),
          webhook: null,
          vod_public: 1,
          disabled: 0,
          created_at: now,
          limits: s.limits ? JSON.stringify(s.limits) : null,
          ...keys.columns,
        };
        try {
          await inTransaction(db, async (trx) => {
            await insertOrganisation(trx, row);
            await writeAudit(trx, {
              orgId,
              actor: audit.actor,
              action: "org_created",
              target: row.hash,
              ip: audit.ip ?? null,
              requestId: audit.requestId ?? null,
              at: now,
            });
            await users.insertPreparedUser(trx, adminRow, {
              actor: audit.actor,
              ip: audit.ip ?? null,
              requestId: audit.requestId ?? null,
            });
          });
          return {
            organisation: { ...presentOrganisationForOperator(row), apiKey: keys.apiKey, playerKey: keys.playerKey },
            admin: presentUser(adminRow),
          };
        } catch (err) {
          const hashTaken = isUniqueViolation(err) && (await findOrganisationByHash(db, row.hash)) !== undefined;
          if (hashTaken && s.hash) throw conflict(`hash "${s.hash}" is already taken`);
          if (!hashTaken || attempt >= 5) throw err;
        }
      }
    },

    /** Operator change of levels, packages, name or trial flag; members cannot reach this. */
    async updateOrganisation(hash: string, patch: Partial<Omit<OrgSettings, "hash">>) {
      const s = parseSettings(orgSettingsSchema.omit({ hash: true }).partial(), patch);
      const row = await findOrganisationByHash(db, hash);
      if (!row) throw notFound("Organisation");
      await inTransaction(db, async (trx) => {
        await updateOrganisation(trx, row.id, {
          ...(s.name !== undefined ? { name: s.name } : {}),
          ...(s.supportLevel !== undefined ? { support_level: s.supportLevel } : {}),
          ...(s.analyticsLevel !== undefined ? { analytics_level: s.analyticsLevel } : {}),
          ...(s.packages !== undefined ? { packages: JSON.stringify([...new Set(s.packages)]) } : {}),
          ...(s.trial !== undefined ? { trial: s.trial ? 1 : 0 } : {}),
          ...(s.limits !== undefined
            ? { limits: JSON.stringify({ ...(row.limits ? (JSON.parse(row.limits) as object) : {}), ...s.limits }) }
            : {}),
        });
        await writeAudit(trx, {
          orgId: row.id,
          actor: SYSTEM,
          action: "org_updated",
          target: row.hash,
          detail: { fields: Object.keys(s) },
          at: clock.now(),
        });
      });
      return presentOrganisationForOperator((await findOrganisation(db, row.id))!);
    },

    async listOrganisations() {
      return (await listOrganisations(db)).map(presentOrganisationForOperator);
    },

    async countOrganisations() {
      return countOrganisations(db);
    },

    async findByHash(hash: string) {
      const row = await findOrganisationByHash(db, hash);
      return row ? presentOrganisationForOperator(row) : null;
    },
  };
}
