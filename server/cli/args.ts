import { parseArgs } from "node:util";

/** A usage mistake: printed to stderr with the command's help, exit code 2. */
export class UsageError extends Error {}

export const ORG_OPTIONS = {
  name: { type: "string" },
  hash: { type: "string" },
  "support-level": { type: "string" },
  "analytics-level": { type: "string" },
  packages: { type: "string" },
  trial: { type: "boolean" },
  "no-trial": { type: "boolean" },
  "admin-email": { type: "string" },
  "admin-password": { type: "string" },
  email: { type: "string" },
  password: { type: "string" },
  role: { type: "string" },
  domain: { type: "string" },
  limits: { type: "string" },
} as const;

export function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: ORG_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

/** `--packages a,b,c` → ["a","b","c"]; `--packages ""` → []. */
export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
