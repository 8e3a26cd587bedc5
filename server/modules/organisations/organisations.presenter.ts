import { limitsOf } from "../../platform/quota.js";
import {
  LIVE_PROCESSING_FEATURES,
  PACKAGES,
  type AnalyticsLevel,
  type OrganisationResponse,
  type Package,
  type SupportLevel,
} from "../../../contract/organisation.js";
import { toIso } from "../../platform/clock.js";
import type { OrganisationRow } from "./organisations.repo.js";

/** Turns stored grants (`vod`, `liveProcessing`, `liveProcessing.thumbnail`, …) into the package tiles. */
export function presentPackages(grants: readonly string[]): Package[] {
  const granted = new Set(grants);
  const someFeatures = LIVE_PROCESSING_FEATURES.some((f) => granted.has(`liveProcessing.${f.key}`));
  return PACKAGES.map((p) => {
    if (p.key !== "liveProcessing") return { key: p.key, label: p.label, enabled: granted.has(p.key) };
    const all = granted.has("liveProcessing");
    return {
      key: p.key,
      label: p.label,
      enabled: all || someFeatures,
      features: LIVE_PROCESSING_FEATURES.map((f) => ({
        key: f.key,
        label: f.label,
        enabled: all || granted.has(`liveProcessing.${f.key}`),
      })),
    };
  });
}

export function parseGrants(row: Pick<OrganisationRow, "packages">): string[] {
  return JSON.parse(row.packages) as string[];
}

/** The organisation as its members see it; the player key and the API key (as last4) only when allowed. */
export function presentOrganisation(
  row: OrganisationRow,
  extra: { playerKey: string | null; tokenExpiresAt: number | null; showApiKey: boolean },
): OrganisationResponse {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    supportLevel: row.support_level as SupportLevel,
    analyticsLevel: row.analytics_level as AnalyticsLevel,
    trial: row.trial === 1,
    packages: presentPackages(parseGrants(row)),
    webhook: row.webhook,
    vodPublic: row.vod_public === 1,
    createdAt: toIso(row.created_at),
    ...(extra.playerKey !== null ? { playerKey: extra.playerKey } : {}),
    tokenExpiresAt: extra.tokenExpiresAt === null ? null : toIso(extra.tokenExpiresAt),
    ...(extra.showApiKey ? { apiKey: { last4: row.api_key_last4, createdAt: toIso(row.api_key_created_at) } } : {}),
  };
}

/** The operator's view (CLI): every field but secrets. */
export function presentOrganisationForOperator(row: OrganisationRow) {
  return {
    id: row.id,
    name: row.name,
    hash: row.hash,
    supportLevel: row.support_level,
    analyticsLevel: row.analytics_level,
    trial: row.trial === 1,
    packages: parseGrants(row),
    webhook: row.webhook,
    vodPublic: row.vod_public === 1,
    disabled: row.disabled === 1,
    createdAt: toIso(row.created_at),
    limits: limitsOf(row),
  };
}
