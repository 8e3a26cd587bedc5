import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { migrateToLatest, openDatabase, type Database, type DialectName } from "../../db/database.js";
import { createCursors } from "../../platform/cursor.js";
import { createKeyring } from "../../platform/keyring.js";
import { fakeClock, testPgUrl, testSchemaName, type FakeClock } from "../../test/harness.js";
import { createDispatcher, type DispatcherOptions } from "./dispatcher.js";
import { createEventsService } from "./events.service.js";

/** A migrated database of its own (SQLite file or PostgreSQL schema), a fake clock and the events service. */
export async function startEventsEnv(dialect: DialectName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-events-"));
  const url = dialect === "sqlite" ? `sqlite:${path.join(dir, "test.db")}` : testPgUrl(testSchemaName());
  const database = await openDatabase(url);
  await migrateToLatest(database);
  const clock = fakeClock(Date.now());
  const keyring = createKeyring(randomBytes(32));
  const service = createEventsService({
    db: database.db,
    clock,
    keyring,
    cursors: createCursors(keyring.derive("cursor")),
    allowPrivate: true,
    ports: "any",
  });
  const extra: Database[] = [];
  return {
    database,
    clock,
    keyring,
    service,
    /** A dispatcher; `own: true` gives it its own connections, as another instance would have. */
    async dispatcher(opts: Partial<DispatcherOptions> & { own?: boolean } = {}) {
      let db = database;
      if (opts.own) {
        db = await openDatabase(url);
        extra.push(db);
      }
      return createDispatcher({
        database: db,
        keyring,
        clock,
        allowPrivate: true,
        ports: "any",
        retrySchedule: [1000, 2000, 4000],
        random: () => 0.5, // no jitter: the fake clock's steps stay exact
        ...opts,
      });
    },
    async newOrg(): Promise<string> {
      const id = crypto.randomUUID();
      const r = () => randomBytes(12).toString("hex");
      await database.db
        .insertInto("organisations")
        .values({
          id,
          name: `org ${id.slice(0, 8)}`,
          hash: randomBytes(4).toString("base64url").slice(0, 5),
          support_level: "basic",
          analytics_level: "basic",
          trial: 0,
          packages: "[]",
          webhook: null,
          vod_public: 0,
          disabled: 0,
          api_key_digest: r(),
          api_key_enc: r(),
          api_key_last4: "abcd",
          api_key_created_at: clock.now(),
          player_key_digest: r(),
          player_key_enc: r(),
          created_at: clock.now(),
          limits: null,
        })
        .execute();
      return id;
    },
    async close() {
      for (const d of extra) await d.close();
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
export type EventsEnv = Awaited<ReturnType<typeof startEventsEnv>>;

export interface Receipt {
  id: string;
  timestamp: string;
  body: string;
  path: string;
  /** Which of the receiver's secrets verified the signature (standardwebhooks' Webhook.verify). */
  verifiedBy: string[];
}

/** A status, or a status with headers (e.g. Retry-After). */
export type Answer = number | { status: number; headers: Record<string, string> };

/**
 * A receiver on 127.0.0.1 that checks every request with the standardwebhooks library, as a
 * customer's would, "now" being the fake clock's, and answers as `answer` says.
 */
export async function startSignedReceiver(
  clock: FakeClock,
  answer: (r: Receipt) => Answer | Promise<Answer> = () => 200,
) {
  const receipts: Receipt[] = [];
  let secrets: string[] = [];
  let inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const headers = {
        "webhook-id": String(req.headers["webhook-id"]),
        "webhook-timestamp": String(req.headers["webhook-timestamp"]),
        "webhook-signature": String(req.headers["webhook-signature"]),
      };
      const receipt: Receipt = {
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        body,
        path: req.url ?? "",
        verifiedBy: secrets.filter((s) => verifiesAt(clock.now(), s, body, headers)),
      };
      receipts.push(receipt);
      const n = (inFlight.get(receipt.path) ?? 0) + 1;
      inFlight.set(receipt.path, n);
      maxInFlight.set(receipt.path, Math.max(n, maxInFlight.get(receipt.path) ?? 0));
      void Promise.resolve(answer(receipt)).then((a) => {
        inFlight.set(receipt.path, (inFlight.get(receipt.path) ?? 1) - 1);
        const status = typeof a === "number" ? a : a.status;
        // A redirect points back at this receiver, so a followed one would show up as a receipt.
        const location = status >= 300 && status < 400 ? { location: `${base}/followed` } : {};
        res.writeHead(status, { ...location, ...(typeof a === "number" ? {} : a.headers) }).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (p = "/hook") => `${base}${p}`,
    receipts,
    maxInFlight,
    /** The secrets the receiver knows (it checks each one separately). */
    trust: (s: string[]) => void (secrets = s),
    reset: () => {
      receipts.length = 0;
      inFlight = new Map();
      maxInFlight.clear();
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Webhook.verify judges the timestamp against Date.now(); it runs synchronously, at the fake clock's time. */
function verifiesAt(now: number, secret: string, body: string, headers: Record<string, string>): boolean {
  const realNow = Date.now;
  Date.now = () => now;
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch (err) {
    // verify() parses the payload as JSON once the signature matched; a form body (the blocking call)
    // fails only that step, so anything but a verification error means the signature is good.
    return !(err instanceof WebhookVerificationError);
  } finally {
    Date.now = realNow;
  }
}
