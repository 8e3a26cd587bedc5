// PostgreSQL restarting under load: the server keeps running, answers 503 fast while the database is
// away, and recovers by itself. Uses a private PostgreSQL instance so the shared one is never touched.
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrgWithCli, startServerProcess } from "../test/process.js";

const PG_BIN = (() => {
  const base = "/usr/lib/postgresql";
  const version = fs.existsSync(base) ? fs.readdirSync(base).sort().at(-1) : undefined;
  if (!version) throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql");
  return path.join(base, version, "bin");
})();
// initdb refuses to run as root; the Debian package's postgres user owns the private cluster then.
const AS_POSTGRES = process.getuid?.() === 0;

function pg(tool: string, args: string[]): void {
  const cmd = AS_POSTGRES ? "runuser" : path.join(PG_BIN, tool);
  const full = AS_POSTGRES ? ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args] : args;
  const r = spawnSync(cmd, full, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr || r.stdout}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-pg-"));
const data = path.join(dir, "data");
let port = 0;
let server: ChildProcess | undefined;

const startPg = () =>
  pg("pg_ctl", [
    "-D",
    data,
    "-w",
    "-t",
    "30",
    "-l",
    path.join(dir, "pg.log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "start",
  ]);
const stopPg = () => pg("pg_ctl", ["-D", data, "-w", "-m", "fast", "stop"]);

beforeAll(async () => {
  port = await freePort();
  if (AS_POSTGRES) spawnSync("chown", ["postgres:postgres", dir]);
  pg("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  startPg();
}, 60_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  try {
    stopPg();
  } catch {
    // already stopped
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL restart under load", () => {
  it("answers 503 quickly while the database is away, never crashes, and recovers on its own", async () => {
    const env = {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`,
      ORGDECK_DATA_DIR: dir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
    };
    const apiKey = createOrgWithCli(env, "Rst01");
    const { child: proc, base } = await startServerProcess(env);
    server = proc;
    let crashed = false;
    proc.once("exit", () => (crashed = true));

    const get = async (url: string) => {
      const t0 = Date.now();
      try {
        const res = await fetch(`${base}${url}`, {
          headers: { "x-bintu-apikey": apiKey },
          signal: AbortSignal.timeout(10_000),
        });
        const body = await res.text();
        return { status: res.status, ms: Date.now() - t0, body, retryAfter: res.headers.get("retry-after") };
      } catch (err) {
        return { status: 0, ms: Date.now() - t0, body: String(err), retryAfter: null };
      }
    };
    expect((await get("/api/organisation")).status).toBe(200);

    // Eight clients keep reading while the database goes away and comes back.
    const seen: Array<{ status: number; ms: number; body: string; retryAfter: string | null }> = [];
    let running = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (running) seen.push(await get("/api/organisation"));
    });
    await new Promise((r) => setTimeout(r, 300));
    stopPg();
    await new Promise((r) => setTimeout(r, 1500));
    const whileDown = await get("/readyz");
    const downSample = await get("/api/organisation");
    startPg();
    await expect
      .poll(async () => (await get("/api/organisation")).status, { timeout: 15_000, interval: 200 })
      .toBe(200);
    running = false;
    await Promise.all(clients);

    expect(crashed).toBe(false);
    expect(whileDown.status).toBe(503);
    expect(downSample.status).toBe(503);
    expect(downSample.retryAfter).toBe("5");
    expect(JSON.parse(downSample.body).error.code).toBe("unavailable");
    expect(downSample.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/);
    // Every answer was a success or a quick 503; nothing hung, nothing else went wrong.
    const statuses = new Set(seen.map((s) => s.status));
    expect(
      [...statuses].every((s) => s === 200 || s === 503),
      [...statuses].join(","),
    ).toBe(true);
    expect(seen.filter((s) => s.status === 503).length).toBeGreaterThan(0);
    expect(Math.max(...seen.filter((s) => s.status === 503).map((s) => s.ms))).toBeLessThan(6000);
    expect((await get("/readyz")).status).toBe(200);
  }, 90_000);
});
