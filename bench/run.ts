/**
 * `npm run bench`: the authenticated GET /api/organisation of a real orgdeck process against a bare
 * node:http server answering a same-size constant body, both measured in this run, on SQLite and on
 * PostgreSQL. Reports req/s, p50, p99 and the ratio, and rewrites bench/README.md.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";

const ROOT = path.resolve(import.meta.dirname, "..");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const PG_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

function startProcess(cmd: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
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

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.removeAllListeners("exit");
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(" ")} failed: ${err}`))));
  });
}

async function measure(url: string, headers: Record<string, string> = {}, extra: { method?: string; body?: string; overallRate?: number; connections?: number } = {}): Promise<Measured> {
  // A short warm-up lets the JIT and the connection pools settle before the measured run.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers, ...extra });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers, ...extra });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts };
}

const INGEST_RATE = 500;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

/** The publish decision at a fixed 500 req/s: without a webhook, then through a loopback receiver. */
async function measureIngest(base: string, token: string) {
  const auth = { "x-bintu-token": token, "content-type": "application/json" };
  const list = (await (await fetch(`${base}/api/stream?state=created&limit=1`, { headers: auth })).json()) as { streams: Array<{ name: string }> };
  const body = `call=publish&name=${list.streams[0]!.name}&app=live&addr=127.0.0.1&clientid=1`;
  const url = `${base}/api/ingest/rtmp?secret=bench-secret`;
  // A media server holds a handful of callback connections, not 32: bursts of 32 would measure queueing.
  const opts = { method: "POST", body, overallRate: INGEST_RATE, connections: 8 };
  const noWebhook = await measure(url, FORM, opts);
  const receiver = await startProcess("node", ["bench/baseline-server.mjs"], { BASELINE_BODY: "", PORT: "0" }, /listening (\d+)/);
  try {
    const receiverUrl = `http://127.0.0.1:${receiver.match[1]}/hook`;
    await fetch(`${base}/api/organisation/webhook`, { method: "PUT", headers: auth, body: JSON.stringify({ webhook: receiverUrl }) });
    const direct = await measure(receiverUrl, FORM, opts);
    const withWebhook = await measure(url, FORM, opts);
    return { noWebhook, direct, withWebhook };
  } finally {
    await stop(receiver.child);
  }
}

async function benchDialect(dialect: "sqlite" | "postgres") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-bench-"));
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = dialect === "sqlite" ? `sqlite:${path.join(dir, "bench.db")}` : `${PG_URL}?schema=${schema}`;
  const env = { DATABASE_URL: databaseUrl, ORGDECK_DATA_DIR: dir, LOG_LEVEL: "warn", PORT: "0", HOST: "127.0.0.1", ORGDECK_INGEST_SECRET: "bench-secret", ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1" };
  try {
    await run("node", ["bin/orgdeck.mjs", "demo", "--domain", `${schema.replace("_", "-")}.bench.test`], env);
    const { child, match } = await startProcess("node", ["--import", "tsx", "server/main.ts"], env, /orgdeck listening on http:\/\/127\.0\.0\.1:(\d+)/);
    try {
      const base = `http://127.0.0.1:${match[1]}`;
      const login = await fetch(`${base}/api/user/validate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: `admin@${schema.replace("_", "-")}.bench.test`, password: "demo-admin-passphrase" }),
      });
      const { token } = (await login.json()) as { token: string };
      const headers = { "x-bintu-token": token };
      const sample = await (await fetch(`${base}/api/organisation`, { headers })).text();
      const orgdeck = await measure(`${base}/api/organisation`, headers);
      const baseline = await startProcess("node", ["bench/baseline-server.mjs"], { BASELINE_BODY: sample, PORT: "0" }, /listening (\d+)/);
      let bare: Measured;
      try {
        bare = await measure(`http://127.0.0.1:${baseline.match[1]}/`);
      } finally {
        await stop(baseline.child);
      }
      const ingest = await measureIngest(base, token);
      return { dialect, bodyBytes: Buffer.byteLength(sample), orgdeck, bare, ingest };
    } finally {
      await stop(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === "postgres") {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    }
  }
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main() {
  const results = [];
  for (const dialect of ["sqlite", "postgres"] as const) {
    process.stdout.write(`benchmarking ${dialect} (${CONNECTIONS} connections, ${DURATION} s)…\n`);
    results.push(await benchDialect(dialect));
  }
  const rows = results.map((r) => {
    const ratio = r.orgdeck.rps / r.bare.rps;
    const ok = ratio >= 0.5 && r.orgdeck.p99 < 20 && r.orgdeck.non2xx === 0;
    return `| ${r.dialect} | ${fmt(r.orgdeck.rps, 0)} | ${r.orgdeck.p50} | ${r.orgdeck.p99} | ${fmt(r.bare.rps, 0)} | ${r.bare.p50} | ${r.bare.p99} | ${fmt(ratio, 2)} | ${r.orgdeck.non2xx} | ${ok ? "met" : "missed"} |`;
  });
  const table = [
    "| database | orgdeck req/s | p50 ms | p99 ms | bare node:http req/s | p50 ms | p99 ms | ratio | errors | target |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
  const ingestRows = results.map((r) => {
    const i = r.ingest;
    const overhead50 = i.withWebhook.p50 - i.direct.p50;
    const overhead99 = i.withWebhook.p99 - i.direct.p99;
    // A negative difference means the two runs' noise exceeded what orgdeck adds: no verdict then.
    const verdict = overhead99 < 0 ? "(noise: rerun)" : overhead99 <= 2 ? "(met)" : "(missed)";
    return `| ${r.dialect} | ${i.noWebhook.p50} / ${i.noWebhook.p99} ${i.noWebhook.p99 < 5 ? "(met)" : "(missed)"} | ${i.direct.p50} / ${i.direct.p99} | ${i.withWebhook.p50} / ${i.withWebhook.p99} | ${overhead50} / ${overhead99} ${verdict} | ${i.noWebhook.non2xx + i.withWebhook.non2xx} |`;
  });
  const ingestTable = [
    `| database | no webhook p50 / p99 ms | receiver alone p50 / p99 ms | through webhook p50 / p99 ms | overhead p50 / p99 ms | errors |`,
    "|---|---|---|---|---|---|",
    ...ingestRows,
  ].join("\n");
  process.stdout.write(`\n${table}\n\n${ingestTable}\n`);
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const readme = `# Benchmarks

\`npm run bench\` starts orgdeck as its own process on a temporary database filled by \`orgdeck demo\`, logs in,
and loads the authenticated \`GET /api/organisation\` with autocannon (${CONNECTIONS} connections, ${DURATION} s after a
2 s warm-up). In the same run it loads a bare \`node:http\` server that answers a constant JSON body of the same
size (${results[0]?.bodyBytes ?? "?"} bytes), and reports the ratio of the two. Both databases are measured.
Target: ratio ≥ 0.5 and p99 < 20 ms at 32 connections.

The machine is shared and has ${os.cpus().length} cores, and the load generator runs on it too: compare the ratio,
not absolute numbers, and expect a few percent of noise between runs.
Settings: \`BENCH_CONNECTIONS\`, \`BENCH_DURATION\` (seconds), \`TEST_DATABASE_URL\`.

## Latest run

${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version} · ${cpu}

${table}

### Publish decision (\`POST /api/ingest/rtmp\`) at ${INGEST_RATE} req/s over 8 connections

The media-server callback for a known stream, first without a webhook, then forwarded to a loopback
receiver that answers 200 at once. "Receiver alone" loads that receiver directly at the same rate, so the
overhead column is what orgdeck adds above the receiver's own time. Targets: p99 < 5 ms without a webhook,
overhead ≤ 2 ms. Every call writes its decision to the database.

${ingestTable}

## Where the time goes

Measured by hand on this machine (2026-11-29), same load: a bare Fastify app answering the same constant
object reaches about 0.66 of bare \`node:http\`; orgdeck's \`/healthz\` (security headers, request id,
one JSON access-log line per request) about 0.3. An authenticated read adds two indexed queries (token +
user + organisation in one join, then the organisation row), the access check and zod's response
validation. In a CPU profile of \`GET /api/organisation\` on SQLite the largest single parts are the
SQLite calls themselves (~18 %) and the socket write (~15 %). Computing the security headers once instead
of running helmet's middleware chain per request raised throughput by about 40 % (3.7–4.1k → 5.0–5.6k
req/s). Ideas not yet taken: skip response validation on hot read routes, cache role permissions per
request burst, fewer hooks per request. On PostgreSQL every query is a network round trip; the pool
holds 20 connections.
`;
  fs.writeFileSync(path.join(ROOT, "bench", "README.md"), readme);
  process.stdout.write("\nwrote bench/README.md\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
