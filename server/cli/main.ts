import { buildServices, type Services } from "../app.js";
import { loadConfig } from "../config.js";
import { migrateToLatest, openDatabase, type Database } from "../db/database.js";
import { systemClock } from "../platform/clock.js";
import { AppError } from "../platform/errors.js";
import { createKeyring, loadServerKey } from "../platform/keyring.js";
import { list, parse, required, UsageError } from "./args.js";
import { runDemo } from "./demo.js";
import { DEFAULT_LIMITS, LIMIT_KEYS, type LimitKey, type Limits } from "../../contract/limits.js";

const HELP = `orgdeck — operator commands (JSON on stdout, errors on stderr)

  orgdeck org:create --name <name> --admin-email <email> --admin-password <pw>
                     [--hash <hash>] [--support-level basic|standard|premium|enterprise]
                     [--analytics-level basic|full|premium] [--packages <k1,k2,…>] [--trial]
  orgdeck org:update --hash <hash> [--name <name>] [--support-level <l>] [--analytics-level <l>]
                     [--packages <k1,k2,…>] [--trial | --no-trial]
                     [--limits streams=N,members=N,invites=N,roles=N,endpoints=N]
  orgdeck org:list
  orgdeck user:create --hash <hash> --email <e> --password <pw> --role <role>
  orgdeck user:reset-password --email <e> [--password <pw>]
                     without --password: prints a single-use reset link (valid 1 hour, PUBLIC_URL);
                     with it: sets that password. Either way every session of the account ends
                     when the password changes.
  orgdeck migrate
  orgdeck demo [--domain <email domain>]

Limits (defaults): streams ${DEFAULT_LIMITS.streams}, members ${DEFAULT_LIMITS.members}, invites (pending)
${DEFAULT_LIMITS.invites}, roles (custom) ${DEFAULT_LIMITS.roles}, endpoints (event) ${DEFAULT_LIMITS.endpoints};
org:list shows each organisation's.
Package keys: liveProcessing (or liveProcessing.thumbnail|motionClip|recording|liveReplay),
h5live, webcaster, transcoding, vod, metadata, liveCaptions, secure.
The database comes from DATABASE_URL (default sqlite:./data/orgdeck.db).`;

type Command = (args: string[], ctx: { services: Services; database: Database }) => Promise<unknown>;

function orgSettings(v: ReturnType<typeof parse>) {
  if (v.trial && v["no-trial"]) throw new UsageError("use either --trial or --no-trial");
  const packages = list(v.packages);
  return {
    ...(v.name !== undefined ? { name: v.name } : {}),
    ...(v["support-level"] !== undefined ? { supportLevel: v["support-level"] as "basic" } : {}),
    ...(v["analytics-level"] !== undefined ? { analyticsLevel: v["analytics-level"] as "basic" } : {}),
    ...(packages !== undefined ? { packages } : {}),
    ...(v.trial ? { trial: true } : v["no-trial"] ? { trial: false } : {}),
    ...(v.limits !== undefined ? { limits: parseLimits(v.limits) } : {}),
  };
}

/** `streams=500,members=20` → { streams: 500, members: 20 }. */
function parseLimits(value: string): Partial<Limits> {
  const out: Partial<Limits> = {};
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, n] = part.split("=");
    if (!LIMIT_KEYS.includes(key as LimitKey))
      throw new UsageError(`--limits: unknown limit "${key}" (use ${LIMIT_KEYS.join(", ")})`);
    if (!n || !/^\d+$/.test(n)) throw new UsageError(`--limits: ${key} needs a whole number, e.g. ${key}=500`);
    out[key as LimitKey] = Number(n);
  }
  return out;
}

const COMMANDS: Record<string, Command> = {
  "org:create": async (args, { services }) => {
    const v = parse(args);
    const name = required(v, "name");
    const admin = { email: required(v, "admin-email"), password: required(v, "admin-password") };
    return services.organisations.createOrganisation({
      ...orgSettings(v),
      name,
      ...(v.hash ? { hash: v.hash } : {}),
      admin,
    });
  },
  "org:update": async (args, { services }) => {
    const v = parse(args);
    const hash = required(v, "hash");
    const patch = orgSettings(v);
    if (Object.keys(patch).length === 0) throw new UsageError("nothing to update: give at least one option");
    return { organisation: await services.organisations.updateOrganisation(hash, patch) };
  },
  "org:list": async (args, { services }) => {
    parse(args);
    return { organisations: await services.organisations.listOrganisations() };
  },
  "user:create": async (args, { services }) => {
    const v = parse(args);
    const hash = required(v, "hash");
    const org = await services.organisations.findByHash(hash);
    if (!org) throw new AppError(404, "not_found", `organisation ${hash} not found`);
    const user = await services.users.createUser(
      { orgId: org.id, email: required(v, "email"), password: required(v, "password"), role: required(v, "role") },
      { actor: { kind: "system", label: "operator" } },
    );
    return { user, organisation: { id: org.id, hash: org.hash, name: org.name } };
  },
  "user:reset-password": async (args, { services }) => {
    const v = parse(args);
    const email = required(v, "email");
    if (v.password === undefined) return { passwordReset: await services.passwordResets.createLinkForEmail(email) };
    const done = await services.passwordResets.setPasswordForEmail(email, required(v, "password"));
    return { passwordReset: { ...done, passwordSet: true } };
  },
  migrate: async (args) => {
    parse(args);
    return null; // migrations already ran while opening
  },
  demo: async (args, { services }) => {
    const v = parse(args);
    return runDemo(services, v.domain ?? "demo.orgdeck.test");
  },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`orgdeck: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl);
  try {
    const applied = await migrateToLatest(database);
    const keyring = createKeyring(loadServerKey(config.secretKey, config.dataDir));
    const services = buildServices({ config, database, keyring, clock: systemClock });
    const result = await command(args, { services, database });
    process.stdout.write(`${JSON.stringify(result ?? { migrated: applied }, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`orgdeck: ${err.message}\n\nRun "orgdeck help" for usage.\n`);
      process.exit(2);
    }
    const message = err instanceof AppError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`orgdeck: ${message}\n`);
    process.exit(1);
  },
);
