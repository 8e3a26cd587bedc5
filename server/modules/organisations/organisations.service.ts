import { z } from "zod";
import {
  ANALYTICS_LEVELS,
  PACKAGE_GRANTS,
  SUPPORT_LEVELS,
  orgHashSchema,
  organisationNameSchema,
  type ApiKeyResponse,
  type OrganisationResponse,
} from "../../../contract/organisation.js";
import { limitsSchema } from "../../../contract/limits.js";
import { BUILT_IN_ROLES, type Permission } from "../../../contract/permissions.js";
import type { UserResponse } from "../../../contract/user.js";
import { can } from "../../access/can.js";
import { isUniqueViolation } from "../../db/database.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit } from "../../platform/audit.js";
import { toIso } from "../../platform/clock.js";
import type { CoreDeps, RequestContext } from "../../platform/deps.js";
import { badRequest, conflict, notFound } from "../../platform/errors.js";
import { newId, randomBase62 } from "../../platform/ids.js";
import { digest, makeToken } from "../../platform/tokens.js";
import { checkWebhookUrl } from "../../platform/webhook-url.js";
import type { UsersService } from "../users/users.service.js";
import { presentUser } from "../users/users.presenter.js";
import {
  countOrganisations,
  findOrganisation,
  findOrganisationByHash,
  findOrganisationByKeyDigest,
  insertOrganisation,
  listOrganisations,
  updateOrganisation,
  type OrganisationRow,
} from "./organisations.repo.js";
import { presentOrganisation, presentOrganisationForOperator } from "./organisations.presenter.js";

const orgSettingsSchema = z
  .object({
    name: organisationNameSchema,
    hash: orgHashSchema.optional(),
    supportLevel: z.enum(SUPPORT_LEVELS, { message: `support level must be one of ${SUPPORT_LEVELS.join(", ")}` }),
    analyticsLevel: z.enum(ANALYTICS_LEVELS, { message: `analytics level must be one of ${ANALYTICS_LEVELS.join(", ")}` }),
    packages: z.array(z.string().refine((p) => PACKAGE_GRANTS.includes(p), { message: `packages may hold only: ${PACKAGE_GRANTS.join(", ")}` })),
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
const API_KEY_PERMISSIONS: ReadonlySet<Permission> = new Set(BUILT_IN_ROLES.nanoAdmin.permissions);
const NO_PERMISSIONS: ReadonlySet<Permission> = new Set();

export function createOrganisationsService(deps: Pick<CoreDeps, "db" | "dialect" | "clock" | "keyring" | "config">, users: UsersService) {
  const { db, clock, keyring } = deps;

  function newKeys(now: number) {
    const apiKey = makeToken("apiKey");
    const playerKey = makeToken("playerKey");
    return {
      apiKey,
      playerKey,
      columns: {
        api_key_digest: digest(apiKey),
        api_key_enc: keyring.encrypt(apiKey),
        api_key_last4: apiKey.slice(-4),
        api_key_created_at: now,
        player_key_digest: digest(playerKey),
        player_key_enc: keyring.encrypt(playerKey),
      },
    };
  }

  /** The caller's organisation: as read with the credential in this request, or from the database. */
  async function callerOrg(actor: Actor): Promise<OrganisationRow> {
    return actor.org ?? loadOrg(actor.orgId);
  }

  async function loadOrg(orgId: string): Promise<OrganisationRow> {
    const row = await findOrganisation(db, orgId);
    if (!row) throw notFound("Organisation");
    return row;
  }

  // Decrypting on every overview read is wasted work: the sealed value changes whenever the key does.
  const playerKeys = new Map<string, string>();
  function playerKey(sealed: string): string {
    let plain = playerKeys.get(sealed);
    if (plain === undefined) {
      if (playerKeys.size > 1000) playerKeys.clear();
      plain = keyring.decrypt(sealed);
      playerKeys.set(sealed, plain);
    }
    return plain;
  }

  function view(row: OrganisationRow, actor: Actor): OrganisationResponse {
    return presentOrganisation(row, {
      playerKey: can(actor, "MetricKey.Get") ? playerKey(row.player_key_enc) : null,
      tokenExpiresAt: actor.kind === "user" ? actor.tokenExpiresAt : null,
      showApiKey: can(actor, "ApiKey.Get"),
    });
  }

  return {
    /** Creates an organisation with its first admin (operator CLI and first-run setup). */
    async createOrganisation(
      input: Partial<OrgSettings> & { name: string; admin: { email: string; password: string } },
      audit: { actor: { kind: "system" | "anonymous"; label?: string }; ip?: string; requestId?: string } = { actor: SYSTEM },
    ): Promise<{ organisation: ReturnType<typeof presentOrganisationForOperator> & { apiKey: string; playerKey: string }; admin: UserResponse }> {
      const { admin, ...settings } = input;
      const s = parseSettings(orgSettingsSchema, {
        supportLevel: "basic",
        analyticsLevel: "basic",
        packages: [],
        trial: false,
        ...settings,
      });
      const orgId = newId();
      const adminRow = await users.prepareUser({ orgId, email: admin.email, password: admin.password, role: BUILT_IN_ROLES.nanoAdmin.name });
      const now = clock.now();
      for (let attempt = 0; ; attempt++) {
        const keys = newKeys(now);
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
          await db.transaction().execute(async (trx) => {
            await insertOrganisation(trx, row);
            await writeAudit(trx, { orgId, actor: audit.actor, action: "org_created", target: row.hash, ip: audit.ip ?? null, requestId: audit.requestId ?? null, at: now });
            await users.insertPreparedUser(trx, adminRow, { actor: audit.actor, ip: audit.ip ?? null, requestId: audit.requestId ?? null });
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
      await db.transaction().execute(async (trx) => {
        await updateOrganisation(trx, row.id, {
          ...(s.name !== undefined ? { name: s.name } : {}),
          ...(s.supportLevel !== undefined ? { support_level: s.supportLevel } : {}),
          ...(s.analyticsLevel !== undefined ? { analytics_level: s.analyticsLevel } : {}),
          ...(s.packages !== undefined ? { packages: JSON.stringify([...new Set(s.packages)]) } : {}),
          ...(s.trial !== undefined ? { trial: s.trial ? 1 : 0 } : {}),
          ...(s.limits !== undefined ? { limits: JSON.stringify({ ...(row.limits ? (JSON.parse(row.limits) as object) : {}), ...s.limits }) } : {}),
        });
        await writeAudit(trx, { orgId: row.id, actor: SYSTEM, action: "org_updated", target: row.hash, detail: { fields: Object.keys(s) }, at: clock.now() });
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

    /** Id, hash and limits of the caller's organisation, for naming and counting its streams. */
    async identity(actor: Actor): Promise<{ id: string; hash: string; limits: string | null }> {
      const row = await callerOrg(actor);
      return { id: row.id, hash: row.hash, limits: row.limits };
    },

    /** The caller's organisation row (as read with the credential in this request, when it was). */
    caller: (actor: Actor) => callerOrg(actor),

    async get(actor: Actor): Promise<OrganisationResponse> {
      return view(await callerOrg(actor), actor);
    },

    async revealApiKey(actor: Actor): Promise<ApiKeyResponse> {
      const row = await loadOrg(actor.orgId);
      await writeAudit(db, { orgId: actor.orgId, actor, action: "apikey_revealed", target: row.hash, at: clock.now() });
      return { apiKey: keyring.decrypt(row.api_key_enc), last4: row.api_key_last4, createdAt: toIso(row.api_key_created_at) };
    },

    /** A new key takes effect at once; the old one stops working in the same transaction. */
    async rotateApiKey(actor: Actor): Promise<ApiKeyResponse> {
      const now = clock.now();
      const apiKey = makeToken("apiKey");
      await db.transaction().execute(async (trx) => {
        await updateOrganisation(trx, actor.orgId, {
          api_key_digest: digest(apiKey),
          api_key_enc: keyring.encrypt(apiKey),
          api_key_last4: apiKey.slice(-4),
          api_key_created_at: now,
        });
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "apikey_rotated", target: null, at: now });
      });
      return { apiKey, last4: apiKey.slice(-4), createdAt: toIso(now) };
    },

    async setWebhook(actor: Actor, webhook: string | null): Promise<OrganisationResponse> {
      const url = webhook === null || webhook.trim() === "" ? null : checkWebhookUrl(webhook, deps.config.webhookAllowPrivate, deps.config.webhookPorts);
      await db.transaction().execute(async (trx) => {
        const before = await findOrganisation(trx, actor.orgId);
        if (!before) throw notFound("Organisation");
        await updateOrganisation(trx, actor.orgId, { webhook: url });
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "webhook_changed", target: url, detail: { from: before.webhook, to: url }, at: clock.now() });
      });
      return view(await loadOrg(actor.orgId), actor);
    },

    async setVodPublic(actor: Actor, isPublic: boolean): Promise<OrganisationResponse> {
      await db.transaction().execute(async (trx) => {
        await updateOrganisation(trx, actor.orgId, { vod_public: isPublic ? 1 : 0 });
        await writeAudit(trx, { orgId: actor.orgId, actor, action: "vod_visibility_changed", target: isPublic ? "public" : "private", at: clock.now() });
      });
      return view(await loadOrg(actor.orgId), actor);
    },

    /** The org API key acts as nanoAdmin; the player key authenticates but grants no management permission. */
    async resolveKey(kind: "apiKey" | "playerKey", secret: string, ctx: RequestContext): Promise<Actor | null> {
      const column = kind === "apiKey" ? "api_key_digest" : "player_key_digest";
      const row = await findOrganisationByKeyDigest(db, column, digest(secret));
      if (!row) return null;
      return { kind, orgId: row.id, permissions: kind === "apiKey" ? API_KEY_PERMISSIONS : NO_PERMISSIONS, ip: ctx.ip, requestId: ctx.requestId, org: row };
    },
  };
}
export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
