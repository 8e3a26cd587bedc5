// The real server process under signals: a graceful SIGTERM under load, and SIGKILL at random moments
// while SQLite takes writes. Each test starts `server/main.ts` as its own process.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { DIALECTS, testPgUrl, testSchemaName } from "./test/harness.js";
import { createOrgWithCli, processExit, startServerProcess, type ProcessEnv } from "./test/process.js";
import { startReceiver } from "./test/receiver.js";

const TAGS = ["region:eu", "tier:gold", "lifecycle"];

async function listStreams(base: string, apiKey: string) {
  const res = await fetch(`${base}/api/stream?limit=100`, { headers: { "x-bintu-apikey": apiKey } });
  return (await res.json()) as { total: number; streams: Array<{ id: string; tags: string[] }> };
}

type Outcome = { status: number; id?: string } | { error: string };

async function createStream(base: string, apiKey: string): Promise<Outcome> {
  try {
    const res = await fetch(`${base}/api/stream`, {
      method: "POST",
      headers: { "x-bintu-apikey": apiKey, "content-type": "application/json", connection: "close" },
      body: JSON.stringify({ tags: TAGS }),
    });
    const body = (await res.json()) as { id?: string };
    return { status: res.status, ...(body.id ? { id: body.id } : {}) };
  } catch (err) {
    return { error: String((err as { cause?: { code?: string } }).cause?.code ?? err) };
  }
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-lifecycle-"));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`SIGTERM under load [${dialect}]`, { timeout: 120_000 }, () => {
    it("finishes the requests in flight, loses no acknowledged write and exits 0", async () => {
      const dir = tempDir();
      const env: ProcessEnv = {
        ORGDECK_DATA_DIR: dir,
        DATABASE_URL: dialect === "sqlite" ? `sqlite:${path.join(dir, "orgdeck.db")}` : testPgUrl(testSchemaName()),
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      };
      const apiKey = createOrgWithCli(env, "Term1");
      const server = await startServerProcess(env);
      expect((await listStreams(server.base, apiKey)).total).toBe(0);

      const inFlight = Array.from({ length: 40 }, () => createStream(server.base, apiKey));
      // Signal once the first answers arrive, so that many requests are still being handled.
      await Promise.race(inFlight);
      const startedAt = Date.now();
      server.child.kill("SIGTERM");
      const [outcomes, exit] = await Promise.all([Promise.all(inFlight), processExit(server.child)]);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(Date.now() - startedAt).toBeLessThan(20_000);

      const acknowledged = outcomes.filter(
        (o): o is { status: number; id: string } => "status" in o && o.status === 201,
      );
      expect(acknowledged.length).toBeGreaterThan(0);
      // Anything else was turned away whole: 503 while closing, or a connection never accepted.
      for (const o of outcomes)
        if (!("status" in o && o.status === 201)) expect("error" in o || o.status === 503).toBe(true);

      const again = await startServerProcess(env);
      try {
        const after = await listStreams(again.base, apiKey);
        expect(after.streams.map((s) => s.id).sort()).toEqual(acknowledged.map((o) => o.id).sort());
        for (const s of after.streams) expect(s.tags.sort()).toEqual([...TAGS].sort());
      } finally {
        again.child.kill("SIGTERM");
        await processExit(again.child);
      }
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`SIGTERM with slow requests in flight [${dialect}]`, { timeout: 60_000 }, () => {
    it("lets every request already being handled finish with its real answer", async () => {
      const dir = tempDir();
      const receiver = await startReceiver("slow");
      const env: ProcessEnv = {
        ORGDECK_DATA_DIR: dir,
        DATABASE_URL: dialect === "sqlite" ? `sqlite:${path.join(dir, "orgdeck.db")}` : testPgUrl(testSchemaName()),
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        ORGDECK_INGEST_SECRET: "term-secret",
        ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
        ORGDECK_WEBHOOK_PORTS: "any",
        ORGDECK_WEBHOOK_DEADLINE: "5s",
      };
      try {
        const apiKey = createOrgWithCli(env, "Slow1");
        const server = await startServerProcess(env);
        const key = { "x-bintu-apikey": apiKey, "content-type": "application/json" };
        await fetch(`${server.base}/api/organisation/webhook`, {
          method: "PUT",
          headers: key,
          body: JSON.stringify({ webhook: receiver.url }),
        });
        const names: string[] = [];
        for (let i = 0; i < 8; i++)
          names.push(
            (
              (await (
                await fetch(`${server.base}/api/stream`, { method: "POST", headers: key, body: "{}" })
              ).json()) as { name: string }
            ).name,
          );
        // Each publish waits 1.5 s on the webhook: all eight are being handled when the signal comes.
        const publishes = names.map(async (name) => {
          const res = await fetch(`${server.base}/api/ingest/rtmp?secret=term-secret`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: `call=publish&name=${name}&app=live&addr=192.0.2.1&clientid=1`,
          });
          return { status: res.status, body: await res.text() };
        });
        const end = Date.now() + 5000;
        while (receiver.calls.length < names.length && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        expect(receiver.calls.length).toBe(names.length);
        server.child.kill("SIGTERM");
        const [answers, exit] = await Promise.all([Promise.all(publishes), processExit(server.child)]);
        expect(answers).toEqual(names.map(() => ({ status: 200, body: "OK" })));
        expect(exit).toEqual({ code: 0, signal: null });
        const again = await startServerProcess(env);
        try {
          const live = (await (
            await fetch(`${again.base}/api/stream?state=live&limit=100`, { headers: key })
          ).json()) as { streams: Array<{ name: string }> };
          expect(live.streams.map((st) => st.name).sort()).toEqual([...names].sort());
        } finally {
          again.child.kill("SIGTERM");
          await processExit(again.child);
        }
      } finally {
        await receiver.close();
      }
    });
  });
}

describe("SIGKILL while SQLite takes writes", { timeout: 300_000 }, () => {
  it("keeps the file intact and every acknowledged write, whole, across 20 kills", async () => {
    const dir = tempDir();
    const file = path.join(dir, "orgdeck.db");
    const env: ProcessEnv = {
      ORGDECK_DATA_DIR: dir,
      DATABASE_URL: `sqlite:${file}`,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    };
    const apiKey = createOrgWithCli(env, "Kill1");
    const acknowledged = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const server = await startServerProcess(env);
      let stop = false;
      // 20 concurrent writers, each creating streams (a stream row, its tags and an audit row at once).
      const writers = Array.from({ length: 20 }, async () => {
        const seen: Outcome[] = [];
        while (!stop) {
          const o = await createStream(server.base, apiKey);
          seen.push(o);
          if ("error" in o) break;
        }
        return seen;
      });
      await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 700)));
      server.child.kill("SIGKILL");
      stop = true;
      const outcomes = (await Promise.all(writers)).flat();
      await processExit(server.child);
      for (const o of outcomes) {
        if ("status" in o) {
          expect(o.status).toBe(201); // never a busy-database 500 with 20 writers
          acknowledged.add(o.id!);
        }
      }
    }
    expect(acknowledged.size).toBeGreaterThan(0);

    const db = new SQLite(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const ids = new Set((db.prepare("SELECT id FROM streams").all() as Array<{ id: string }>).map((r) => r.id));
      for (const id of acknowledged) expect(ids.has(id)).toBe(true);
      // No half-written stream: each one has all of its tags and its audit row.
      const partial = db
        .prepare(
          "SELECT s.id FROM streams s WHERE (SELECT count(*) FROM stream_tags t WHERE t.stream_id = s.id) <> ? OR NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.target = s.name AND a.action = 'stream_created')",
        )
        .all(TAGS.length);
      expect(partial).toEqual([]);
    } finally {
      db.close();
    }
  });
});
