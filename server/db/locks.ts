import { PostgresAdapter, sql, type Kysely } from "kysely";
import type { DialectName } from "./database.js";
import type { Schema } from "./schema.js";

/**
 * Serialises changes to an organisation's membership inside a transaction. PostgreSQL locks the
 * organisation row until commit; SQLite needs nothing more, as its one connection runs one
 * transaction at a time.
 */
export async function lockOrganisation(q: Kysely<Schema>, dialect: DialectName, orgId: string): Promise<void> {
  if (dialect !== "postgres") return;
  await sql`SELECT id FROM organisations WHERE id = ${orgId} FOR UPDATE`.execute(q);
}

// Quota locks use the two-key form with their own first key, so they never share a key with the
// single-key advisory locks (tags).
const QUOTA_LOCK_CLASS = 7301;

/**
 * The organisation's lock for one limit, held until the transaction ends (PostgreSQL advisory lock).
 * `shared` holders run side by side and only keep an `exclusive` holder waiting until they commit.
 * SQLite needs none: its one connection runs one transaction at a time.
 */
export async function lockQuota(
  q: Kysely<Schema>,
  orgId: string,
  key: string,
  mode: "shared" | "exclusive",
): Promise<void> {
  if (!isPostgresDb(q)) return;
  const name = `${orgId}:${key}`;
  await (
    mode === "shared"
      ? sql`SELECT pg_advisory_xact_lock_shared(${sql.lit(QUOTA_LOCK_CLASS)}, hashtext(${name}))`
      : sql`SELECT pg_advisory_xact_lock(${sql.lit(QUOTA_LOCK_CLASS)}, hashtext(${name}))`
  ).execute(q);
}

let maxConnections: Promise<number> | undefined;

/**
 * How many transactions can be open at once on the PostgreSQL server (`max_connections`; it changes
 * only with a restart): a bound on how many creators can be in flight together, on every instance.
 */
export function concurrentTransactionsBound(q: Kysely<Schema>): Promise<number> {
  maxConnections ??= sql<{ n: string }>`SELECT current_setting('max_connections') AS n`
    .execute(q)
    .then((r) => Number(r.rows[0]!.n))
    .catch((err: unknown) => {
      maxConnections = undefined;
      throw err;
    });
  return maxConnections;
}

export const isPostgresDb = (q: Kysely<Schema>) => q.getExecutor().adapter instanceof PostgresAdapter;
