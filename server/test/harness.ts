import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { buildApp, type AppDeps, type Services } from "../app.js";
import { loadConfig, type Config } from "../config.js";
import { migrateToLatest, openDatabase, type Database, type DialectName } from "../db/database.js";
import { createKeyring } from "../platform/keyring.js";
import type { Resolver } from "../platform/outbound.js";
import { ARGON2_TEST_PARAMS, createPasswordHasher } from "../platform/passwords.js";
import { testDialects } from "./databases.js";

/** The databases this run tests: ORGDECK_TEST_DB=sqlite|postgres|both (`npm run test:api -- --db …`). */
export const DIALECTS: DialectName[] = testDialects(process.env.ORGDECK_TEST_DB);

/** A fresh PostgreSQL schema name for this test run; the global setup drops them all at the end. */
export function testSchemaName(): string {
  return `${inject("pgRun")}_${randomBytes(6).toString("hex")}`;
}

/** A PostgreSQL URL on the test server that selects `schema`. The global setup chose the server. */
export function testPgUrl(schema: string): string {
  const base = inject("pgUrl");
  return `${base}${base.includes("?") ? "&" : "?"}schema=${schema}`;
}

/** A clock the test moves by hand, for expiries. */
export function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}
export type FakeClock = ReturnType<typeof fakeClock>;

export interface TestServer {
  dialect: DialectName;
  app: FastifyInstance;
  services: Services;
  database: Database;
  clock: FakeClock;
  config: Config;
  /** Shortcut for app.inject that parses JSON bodies. */
  request(opts: InjectOptions): Promise<LightMyRequestResponse & { body: string; json: <T = any>() => T }>;
  /** Another instance of the app on the same database, server key and clock (as behind a load balancer). */
  startPeer(): Promise<Pick<TestServer, "app" | "services" | "request" | "close">>;
  close(): Promise<void>;
}

/**
 * Starts the real app on a fresh database: a temporary SQLite file, or a fresh schema in the
 * PostgreSQL test server (so test files can run in parallel). A missing PostgreSQL fails the run.
 */
export interface TestServerOptions {
  /** Name resolution for outgoing webhook calls. */
  resolve?: Resolver;
  /** A folder with a built dashboard (index.html) to serve. */
  webRoot?: string;
  /** Receives the server's log lines. */
  logStream?: { write(line: string): void };
  /** Shorter limits against slow clients. */
  httpTimeouts?: AppDeps["httpTimeouts"];
  /** Hash passwords with the production argon2id parameters; otherwise the cheapest ones, to save time. */
  realPasswordHashing?: boolean;
}

/**
 * Secrets as the server issues them: bintu tokens, API and player keys, invitation, setup and password
 * reset tokens, event endpoint signing secrets, playback tokens (JWTs) and playback signing keys (the
 * first line of a P-256 PKCS#8 PEM: a fixed prefix, then the key's own bits).
 */
const ISSUED_SECRET =
  /\bod[tkpisr]_[0-9A-Za-z]{36}\b|\bwhsec_[A-Za-z0-9+/]{43}=|\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{40,}|MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg[A-Za-z0-9+/]{16}/g;
const PASSWORD_FIELDS = ["password", "currentPassword", "newPassword"];

/**
 * The canary sweep, over every test server of the suite: each logs at trace level into memory, every
 * secret the server hands out and every password a test sends is remembered, and closing the server
 * fails if any of them appears in a log line.
 */
function canarySweep() {
  const lines: string[] = [];
  const secrets = new Set<string>();
  return {
    stream: { write: (line: string) => void lines.push(line) },
    noteResponse(body: string) {
      for (const m of body.matchAll(ISSUED_SECRET)) secrets.add(m[0]);
    },
    noteRequest(payload: unknown) {
      if (payload && typeof payload === "object")
        for (const f of PASSWORD_FIELDS) {
          const v = (payload as Record<string, unknown>)[f];
          if (typeof v === "string" && v.length >= 8) secrets.add(v);
        }
    },
    check() {
      const leaked = [...secrets].filter((secret) => lines.some((l) => l.includes(secret)));
      if (leaked.length > 0)
        throw new Error(
          `canary sweep: ${leaked.length} secret(s) found in the server log, e.g. one starting ${leaked[0]!.slice(0, 6)}…`,
        );
    },
  };
}

export async function startTestServer(
  dialect: DialectName,
  env: Record<string, string> = {},
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-test-"));
  const url = dialect === "sqlite" ? `sqlite:${path.join(dir, "test.db")}` : testPgUrl(testSchemaName());
  // Unless a test reads the log itself, it is written at trace level for the canary sweep.
  const canary = opts.logStream || env.LOG_LEVEL ? null : canarySweep();
  const config = loadConfig({
    DATABASE_URL: url,
    ORGDECK_DATA_DIR: dir,
    LOG_LEVEL: canary ? "trace" : "silent",
    PUBLIC_URL: "http://orgdeck.test",
    ...env,
  });
  const database = await openDatabase(url);
  await migrateToLatest(database);
  const clock = fakeClock();
  const keyring = createKeyring(randomBytes(32));
  const hasher = opts.realPasswordHashing ? createPasswordHasher() : createPasswordHasher(2, 64, ARGON2_TEST_PARAMS);
  const appDeps = {
    config,
    keyring,
    clock,
    hasher,
    checkResponses: true,
    webRoot: opts.webRoot ?? path.join(dir, "no-dashboard"),
    ...(opts.resolve ? { resolve: opts.resolve } : {}),
    ...(opts.logStream ? { logStream: opts.logStream } : canary ? { logStream: canary.stream } : {}),
    ...(opts.httpTimeouts ? { httpTimeouts: opts.httpTimeouts } : {}),
  };
  const { app, services } = await buildApp({ ...appDeps, database });
  await app.ready();
  // As a serving instance does (main.ts), so tests observe deliveries; app.close() stops it.
  services.dispatcher.start();
  const peers: Array<() => Promise<void>> = [];
  return {
    dialect,
    app,
    services,
    database,
    clock,
    config,
    request: async (o) => {
      canary?.noteRequest(o.payload);
      const res = await app.inject(o);
      canary?.noteResponse(res.body);
      return res as never;
    },
    async startPeer() {
      // Its own connections and its own in-memory state: only the database is shared.
      const peerDb = await openDatabase(url);
      const peer = await buildApp({ ...appDeps, database: peerDb });
      await peer.app.ready();
      peer.services.dispatcher.start();
      const close = async () => {
        await peer.app.close();
        await peerDb.close();
      };
      peers.push(close);
      const request = async (o: InjectOptions) => {
        canary?.noteRequest(o.payload);
        const res = await peer.app.inject(o);
        canary?.noteResponse(res.body);
        return res as never;
      };
      return { app: peer.app, services: peer.services, request, close };
    },
    async close() {
      for (const closePeer of peers.splice(0)) await closePeer().catch(() => undefined);
      await app.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
      canary?.check();
    },
  };
}

/** Runs `fn` once per database, each with its own server started before and closed after. */
export function describeEachDatabase(
  name: string,
  fn: (get: () => TestServer) => void,
  env: Record<string, string> = {},
  opts: TestServerOptions = {},
): void {
  for (const dialect of DIALECTS) {
    describe(`${name} [${dialect}]`, () => {
      let server: TestServer | undefined;
      beforeAll(async () => {
        server = await startTestServer(dialect, env, opts);
      });
      afterAll(async () => {
        await server?.close();
      });
      fn(() => {
        if (!server) throw new Error("test server not started");
        return server;
      });
    });
  }
}
