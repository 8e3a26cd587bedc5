// The outbox across a crash: the real server process is SIGKILLed right after 50 acknowledged stream
// creations while the event receiver is down; after a restart every stream.created event arrives.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { DIALECTS, testPgUrl, testSchemaName } from "../../test/harness.js";
import { createOrgWithCli, processExit, startServerProcess, type ProcessEnv } from "../../test/process.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A port nothing listens on yet (the receiver comes up on it later). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A receiver that accepts only requests that verify with the standardwebhooks library. */
async function startVerifyingReceiver(port: number, secret: string) {
  const received: Array<{ webhookId: string; streamId: string }> = [];
  let rejected = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      try {
        const headers = Object.fromEntries(
          ["webhook-id", "webhook-timestamp", "webhook-signature"].map((h) => [h, String(req.headers[h])]),
        );
        const event = new Webhook(secret).verify(body, headers) as { type: string; data: { streamId: string } };
        if (event.type === "stream.created")
          received.push({ webhookId: headers["webhook-id"]!, streamId: event.data.streamId });
        res.writeHead(200).end();
      } catch {
        rejected++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    received,
    rejected: () => rejected,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function post(base: string, apiKey: string, url: string, body: object) {
  const res = await fetch(`${base}${url}`, {
    method: "POST",
    headers: { "x-bintu-apikey": apiKey, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

for (const dialect of DIALECTS) {
  describe(`event outbox across SIGKILL [${dialect}]`, { timeout: 180_000 }, () => {
    it("delivers all 50 stream.created events of acknowledged creations after a restart", async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-outbox-"));
      dirs.push(dir);
      const env: ProcessEnv = {
        ORGDECK_DATA_DIR: dir,
        DATABASE_URL: dialect === "sqlite" ? `sqlite:${path.join(dir, "orgdeck.db")}` : testPgUrl(testSchemaName()),
        PORT: "0",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
        ORGDECK_WEBHOOK_PORTS: "any",
        // Short enough to retry within the test, long enough to outlast the restart.
        ORGDECK_EVENT_RETRY_SCHEDULE: Array.from({ length: 20 }, () => "1s").join(","),
      };
      const apiKey = createOrgWithCli(env, dialect === "sqlite" ? "Kill1" : "Kill2");
      const port = await freePort();
      const server = await startServerProcess(env);
      const endpoint = await post(server.base, apiKey, "/api/event-endpoint", {
        url: `http://127.0.0.1:${port}/events`,
        events: ["stream.created"],
      });
      expect(endpoint.status).toBe(201);
      const secret = endpoint.body.secret as string;

      const created = await Promise.all(
        Array.from({ length: 50 }, () => post(server.base, apiKey, "/api/stream", { tags: [] })),
      );
      // Killed the moment the last creation is acknowledged: nothing could have been delivered.
      server.child.kill("SIGKILL");
      expect((await processExit(server.child)).signal).toBe("SIGKILL");
      expect(created.map((c) => c.status)).toEqual(Array(50).fill(201));
      const ids = created.map((c) => c.body.id as string).sort();

      const again = await startServerProcess(env);
      const receiver = await startVerifyingReceiver(port, secret);
      try {
        // A send cut short by the kill is retried after its lease (a minute), hence the long wait.
        const until = Date.now() + 150_000;
        const arrived = () => [...new Set(receiver.received.map((r) => r.streamId))].sort();
        while (arrived().length < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
        expect(arrived()).toEqual(ids);
        // Duplicates only as a retry of the same event: one webhook-id per stream.
        const idsPerStream = new Map<string, Set<string>>();
        for (const r of receiver.received)
          idsPerStream.set(r.streamId, (idsPerStream.get(r.streamId) ?? new Set()).add(r.webhookId));
        expect([...idsPerStream.values()].every((s) => s.size === 1)).toBe(true);
        expect(receiver.rejected()).toBe(0);
      } finally {
        await receiver.close();
        again.child.kill("SIGTERM");
        await processExit(again.child);
      }
    });
  });
}
