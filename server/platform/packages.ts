import {
  LIVE_PROCESSING_FEATURES,
  PACKAGES,
  type LiveProcessingFeature,
  type PackageKey,
} from "../../contract/organisation.js";
import { AppError } from "./errors.js";

/** A package (`h5live`) or one Live Processing feature (`liveProcessing.recording`). */
export type PackageGrant = PackageKey | `liveProcessing.${LiveProcessingFeature}`;

/** Anything carrying an organisation's stored grants: the row's JSON text or the parsed list. */
export interface HasPackages {
  packages: string | readonly string[];
}

// Rows are read per request and the same JSON text recurs (list pages, decisions): parse each text once.
const parsed = new Map<string, readonly string[]>();

function grantsOf(org: HasPackages): readonly string[] {
  if (typeof org.packages !== "string") return org.packages;
  let list = parsed.get(org.packages);
  if (list === undefined) {
    list = JSON.parse(org.packages) as string[];
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(org.packages, list);
  }
  return list;
}

/**
 * Whether the organisation has a package or feature. `liveProcessing` alone grants all of its features;
 * asking for `liveProcessing` is true when any feature is granted (as the Overview's tile shows it).
 */
export function hasPackage(org: HasPackages, key: PackageGrant): boolean {
  const grants = grantsOf(org);
  if (grants.includes(key)) return true;
  if (key === "liveProcessing") return grants.some((g) => g.startsWith("liveProcessing."));
  return key.startsWith("liveProcessing.") && grants.includes("liveProcessing");
}

/** The package in words, as the Overview names it. */
export function packageName(key: PackageGrant): string {
  const [pkg, feature] = key.split(".");
  const label = PACKAGES.find((p) => p.key === pkg)?.label ?? pkg;
  if (feature === undefined) return `the ${label} package`;
  const featureLabel = LIVE_PROCESSING_FEATURES.find((f) => f.key === feature)?.label ?? feature;
  return `the ${label} package's ${featureLabel} feature`;
}

export const packageRequired = (key: PackageGrant) =>
  new AppError(403, "package_required", `This needs ${packageName(key)}; ask the operator to enable it`);

/** Throws 403 `package_required` naming the package when the organisation lacks it. */
export function requirePackage(org: HasPackages, key: PackageGrant): void {
  if (!hasPackage(org, key)) throw packageRequired(key);
}
