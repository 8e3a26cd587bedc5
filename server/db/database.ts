import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { migrationProvider } from "./migrations/index.js";
import { statementNameOf } from "./prepared.js";
import type { Schema } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface Database {
  db: Kysely<Schema>;
  dialect: DialectName;
  /** The PostgreSQL schema holding our tables. */
  schema?: string;
  /** Pings the database; used by /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// int8 (bigint) comes back from pg as a string by default; our bigints are epoch milliseconds.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * Opens the database named by `url`: `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`.
 * A `schema` query parameter on a PostgreSQL URL selects (and creates) a schema, which lets tests
 * and several deployments share one server.
 */
export async function openDatabase(
  url: string,
  logger?: { error(obj: unknown, msg?: string): void },
): Promise<Database> {
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) return openPostgres(url, logger);
  if (url.startsWith("sqlite:")) return openSqlite(url.slice("sqlite:".length));
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(":")[0]}:")`);
}

function openSqlite(file: string): Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a role change or key rotation that was acknowledged must survive a power loss.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // A larger page cache keeps the indexes of a big catalogue in memory (the default is 2 MiB).
  sqlite.pragma("cache_size = -32768");
  // Planner statistics, sampled cheaply: without them SQLite may walk a wide (org_id, …) index where a
  // narrow one fits. Refreshed by the maintenance sweep (PRAGMA optimize).
  sqlite.pragma("analysis_limit = 1000");
  sqlite.pragma("optimize = 0x10002");
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: "sqlite",
    ping: async () => {
      sqlite.prepare("SELECT 1").get();
    },
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew, and preparing costs more than running a small query. Reusing
 * prepared statements is safe here: better-sqlite3 runs each one synchronously to completion.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

async function openPostgres(url: string, logger?: { error(obj: unknown, msg?: string): void }): Promise<Database> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error("schema must be a lower-case SQL identifier");
  const options = ["-c statement_timeout=15000", "-c idle_in_transaction_session_timeout=15000"];
  if (schema) options.push(`-c search_path=${schema}`);
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: 20,
    connectionTimeoutMillis: 5000,
    options: options.join(" "),
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on("error", (err) => logger?.error({ err: { message: err.message } }, "postgres pool error"));
  pool.on("connect", (client) => useNamedStatements(client));
  if (schema) {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: "postgres",
    schema: schema ?? "public",
    ping: async () => {
      await pool.query("SELECT 1");
    },
    close: () => db.destroy(),
  };
}

/**
 * Runs the prepared queries (db/prepared.ts) as named server-side statements on this connection, so
 * PostgreSQL parses and plans each once per connection instead of on every request: about four times
 * the throughput for the credential lookup. Should a statement go stale after a schema change
 * ("cached plan must not change result type"), that text runs unnamed on this connection from then on.
 */
function useNamedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  const stale = new Set<string>();
  (client as { query: unknown }).query = (text: unknown, values?: unknown, ...rest: unknown[]) => {
    const name =
      typeof text === "string" && Array.isArray(values) && !stale.has(text) ? statementNameOf(text) : undefined;
    if (name === undefined || rest.length > 0) return query(text, values, ...rest);
    return query({ name, text, values }).catch((err: unknown) => {
      if ((err as { code?: string }).code !== "0A000") throw err;
      stale.add(text as string);
      return query(text, values);
    });
  };
}

/** Brings the schema to the newest migration. Safe to run on every start and from several processes. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  // The migrator looks for its own tables by schema; name ours, or another schema's tables would count.
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    // The migrator's catalogue scan covers every schema on the server; one that another application
    // drops at that moment (code 3F000, invalid_schema_name) fails the scan though nothing of ours
    // changed. Scanning again is safe: nothing was migrated yet when the scan failed.
    const otherSchemaVanished = (error as { code?: unknown }).code === "3F000";
    if (!otherSchemaVanished || attempt === 3) throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * True when `err` says the database cannot be reached right now (PostgreSQL restarting or down, a
 * dropped connection, a pool that cannot connect, SQLite busy past its timeout): worth a retry later.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = String((err as { code?: unknown }).code ?? "");
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "SQLITE_BUSY"].includes(code))
    return true;
  // 08xxx: connection exceptions; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
  if (/^08[0-9A-Z]{3}$/.test(code) || ["57P01", "57P02", "57P03"].includes(code)) return true;
  const message = (err as { message?: unknown }).message;
  return (
    typeof message === "string" &&
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/.test(
      message,
    )
  );
}

/** True when `err` is a unique-constraint violation on either database. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "23505";
}

/**
 * Runs `fn` (a whole transaction) again when PostgreSQL aborted it for a deadlock, a serialization
 * failure or a unique key that a concurrent transaction took first; at most `attempts` times.
 */
export async function withRetries<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = typeof err === "object" && err !== null ? String((err as { code?: unknown }).code ?? "") : "";
      if (i >= attempts || !["40P01", "40001", "23505"].includes(code)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i));
    }
  }
}
