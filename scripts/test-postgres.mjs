// The PostgreSQL the tests use. TEST_DATABASE_URL wins; else a server already listening on 127.0.0.1:5432
// (ORGDECK_TEST_PG_PROBE_PORT moves the probe, to try the fallback without stopping that server); else a
// private throwaway cluster from Debian's server binaries on a free port, removed again by stop().
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const DIR_PREFIX = "orgdeck-testpg-";

/** The newest Debian PostgreSQL server binaries, or null when none are installed. */
export function pgBinDir() {
  const base = "/usr/lib/postgresql";
  const versions = fs.existsSync(base)
    ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, "bin", "initdb")))
    : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  return newest ? path.join(base, newest, "bin") : null;
}

/** True when something accepts TCP connections on 127.0.0.1:port within a second. */
export function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once("error", reject)
      .listen(0, "127.0.0.1", () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
  });
}

// PostgreSQL refuses to run as root: then the cluster belongs to the Debian package's postgres user.
const asRoot = process.getuid?.() === 0;

function pgTool(bin, tool, args) {
  const [cmd, full] = asRoot
    ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]]
    : [path.join(bin, tool), args];
  const r = spawnSync(cmd, full, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${tool} failed: ${(r.stderr || r.stdout || String(r.error)).trim()}`);
}

function removeCluster(bin, dir) {
  const data = path.join(dir, "data");
  if (fs.existsSync(path.join(data, "postmaster.pid"))) {
    try {
      pgTool(bin, "pg_ctl", ["-D", data, "-w", "-m", "immediate", "stop"]);
    } catch {
      // not running any more
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Clusters left by runs that were killed outright (SIGKILL): their owner process is gone. */
function removeOrphans(bin) {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    const pidFile = path.join(dir, "owner.pid");
    const owner = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8")) : 0;
    // Without an owner yet it may be another run's cluster being made this very moment.
    const young = Date.now() - fs.statSync(dir).mtimeMs < 60_000;
    if ((owner > 0 && processAlive(owner)) || (owner === 0 && young)) continue;
    removeCluster(bin, dir);
  }
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}

/**
 * Finds or starts the test PostgreSQL. Returns its URL and how it was found; `stop()` is synchronous
 * (usable from exit and signal handlers) and removes a cluster this call started, nothing else.
 */
export async function ensureTestPostgres() {
  if (process.env.TEST_DATABASE_URL)
    return { url: process.env.TEST_DATABASE_URL, source: "TEST_DATABASE_URL", stop: () => {} };
  const probePort = Number(process.env.ORGDECK_TEST_PG_PROBE_PORT ?? 5432);
  if (await isListening(probePort))
    return { url: `postgres://postgres@127.0.0.1:${probePort}/test`, source: `127.0.0.1:${probePort}`, stop: () => {} };

  const bin = pgBinDir();
  if (!bin)
    throw new Error(
      "no PostgreSQL listens on 127.0.0.1:5432 and no server binaries to start one: apt-get install -y postgresql",
    );
  removeOrphans(bin);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
  fs.writeFileSync(path.join(dir, "owner.pid"), String(process.pid));
  if (asRoot) spawnSync("chown", ["postgres:postgres", dir]);
  const data = path.join(dir, "data");
  const port = await freePort();
  try {
    pgTool(bin, "initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
    // Durability is pointless for a throwaway cluster; each test server holds a small pool, files run in parallel.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
    pgTool(bin, "pg_ctl", ["-D", data, "-w", "-t", "60", "-l", path.join(dir, "pg.log"), "-o", opts, "start"]);
  } catch (err) {
    removeCluster(bin, dir);
    throw err;
  }
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    source: `a throwaway cluster on port ${port} (${dir})`,
    stop() {
      if (stopped) return;
      stopped = true;
      removeCluster(bin, dir);
    },
  };
}
