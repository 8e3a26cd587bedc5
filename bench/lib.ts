/** Helpers shared by the benchmarks: child processes, autocannon runs, and bench/README.md sections. */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "..");
/** How `npm start` runs the server (package.json): the bundle, with a smaller young generation. */
export const SERVER_ARGS = ["--enable-source-maps", "--max-semi-space-size=8", "build/server.mjs"];
export const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

export function startProcess(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("exit", (code) => reject(new Error(`${cmd} exited with ${code}: ${out.slice(-2000)}`)));
  });
}

/**
 * `orgdeck demo` on the database `env` names, then orgdeck as its own process, signed in as the demo's
 * admin: what the benches that load the API start from. The caller stops `child`.
 */
export async function startDemoServer(
  env: Record<string, string>,
  domain: string,
): Promise<{ child: ChildProcess; base: string; token: string }> {
  await run("node", ["bin/orgdeck.mjs", "demo", "--domain", domain], env);
  const { child, match } = await startProcess(
    "node",
    SERVER_ARGS,
    env,
    /orgdeck listening on http:\/\/127\.0\.0\.1:(\d+)/,
  );
  try {
    const base = `http://127.0.0.1:${match[1]}`;
    const login = await fetch(`${base}/api/user/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `admin@${domain}`, password: "demo-admin-passphrase" }),
    });
    if (login.status !== 200) throw new Error(`demo sign-in answered ${login.status}`);
    const { token } = (await login.json()) as { token: string };
    return { child, base, token };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners("exit");
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

export function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} failed: ${err}`))));
  });
}

export interface LoadOptions {
  connections: number;
  duration: number;
  warmup?: number;
  headers?: Record<string, string>;
  method?: string;
  body?: string;
  overallRate?: number;
  requests?: autocannon.Request[];
}

/** A short warm-up lets the JIT and the pools settle, then the measured run. */
export async function measure(url: string, o: LoadOptions): Promise<Measured> {
  const opts = {
    url,
    connections: o.connections,
    headers: o.headers ?? {},
    ...(o.method ? { method: o.method } : {}),
    ...(o.body !== undefined ? { body: o.body } : {}),
    ...(o.overallRate ? { overallRate: o.overallRate } : {}),
    ...(o.requests ? { requests: o.requests } : {}),
  };
  if ((o.warmup ?? 2) > 0) await autocannon({ ...opts, duration: o.warmup ?? 2 });
  const r = await autocannon({ ...opts, duration: o.duration });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts };
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}

/** Replaces the part of bench/README.md between `<!-- name -->` and `<!-- /name -->` (appends it if missing). */
export function writeReadmeSection(name: string, body: string): void {
  const file = path.join(ROOT, "bench", "README.md");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  const next =
    i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

export const stamp = () => `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version}`;
