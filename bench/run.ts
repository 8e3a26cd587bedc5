/**
 * `npm run bench`: on SQLite and on PostgreSQL, a real orgdeck process on a database filled by
 * `orgdeck demo`:
 * 1. the authenticated GET /api/organisation against a bare node:http server answering a same-size
 *    constant body, both measured in this run (ratio, p50, p99 at 32 connections);
 * 2. ingest decisions at viewer scale: `play` callbacks at 2 000/s for 30 s from 1 000 client
 *    addresses over 200 streams, without a webhook and through a loopback receiver, with the
 *    receiver alone as the baseline; refusals, errors and the server's peak RSS.
 * Rewrites its sections of bench/README.md.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  dropSchema,
  measure,
  PG_URL,
  run,
  stamp,
  startProcess,
  stop,
  writeReadmeSection,
  startDemoServer,
  type Measured,
} from "./lib.js";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const INGEST_RATE = Number(process.env.BENCH_INGEST_RATE ?? 2000);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 30);
const ADDRESSES = 1000;
const STREAMS = 200;
const FORM = { "content-type": "application/x-www-form-urlencoded" };

interface IngestRun {
  p50: number;
  p99: number;
  rps: number;
  allowed: number;
  refused: number;
  errors: number;
}

/** `play` callbacks at a fixed rate, each from one of ADDRESSES client addresses for one of the streams. */
async function ingestLoad(url: string, names: string[]): Promise<IngestRun> {
  let n = 0;
  const requests: autocannon.Request[] = [
    {
      method: "POST",
      headers: FORM,
      setupRequest: (req) => {
        n++;
        const addr = `10.${(n % ADDRESSES) >> 8}.${(n % ADDRESSES) & 255}.7`;
        const body = `call=play&name=${names[(n * 7919) % names.length]}&app=live&addr=${addr}&clientid=${n}`;
        return { ...req, body };
      },
    },
  ];
  const opts = { url, connections: 16, overallRate: INGEST_RATE, requests };
  await autocannon({ ...opts, duration: 3 });
  const r = await autocannon({ ...opts, duration: INGEST_SECONDS });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    allowed: r["2xx"],
    refused: r["4xx"],
    errors: r["5xx"] + r.errors + r.timeouts,
  };
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function measureIngest(base: string, token: string, serverPid: number) {
  const auth = { "x-bintu-token": token, "content-type": "application/json" };
  const names: string[] = [];
  for (let i = 0; i < STREAMS; i++) {
    const res = await fetch(`${base}/api/stream`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ tags: ["bench"] }),
    });
    names.push(((await res.json()) as { name: string }).name);
  }
  const url = `${base}/api/ingest/rtmp?secret=bench-secret`;
  // On air first: plays of a stream that is not live are refused before any webhook call.
  for (const name of names)
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `call=publish&name=${name}&app=live&addr=192.0.2.1&clientid=1`,
    });
  const noWebhook = await ingestLoad(url, names);
  const receiver = await startProcess(
    "node",
    ["bench/baseline-server.mjs"],
    { BASELINE_BODY: "", PORT: "0" },
    /listening (\d+)/,
  );
  try {
    const receiverUrl = `http://127.0.0.1:${receiver.match[1]}/hook`;
    await fetch(`${base}/api/organisation/webhook`, {
      method: "PUT",
      headers: auth,
      body: JSON.stringify({ webhook: receiverUrl }),
    });
    const direct = await ingestLoad(receiverUrl, names);
    const withWebhook = await ingestLoad(url, names);
    return { noWebhook, direct, withWebhook, rssMb: peakRssMb(serverPid) };
  } finally {
    await stop(receiver.child);
  }
}

async function benchDialect(dialect: "sqlite" | "postgres") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-bench-"));
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  const databaseUrl = dialect === "sqlite" ? `sqlite:${path.join(dir, "bench.db")}` : `${PG_URL}?schema=${schema}`;
  const env = {
    DATABASE_URL: databaseUrl,
    ORGDECK_DATA_DIR: dir,
    LOG_LEVEL: "warn",
    PORT: "0",
    HOST: "127.0.0.1",
    ORGDECK_INGEST_SECRET: "bench-secret",
    ORGDECK_WEBHOOK_ALLOW_PRIVATE: "1",
    ORGDECK_WEBHOOK_PORTS: "any",
    // The benchmark's streams are published by one callback each and then only played: without an
    // update for 3 intervals they would be marked ended midway (and their plays refused).
    ORGDECK_RTMP_UPDATE_INTERVAL: "1h",
  };
  const domain = `${schema.replace("_", "-")}.bench.test`;
  try {
    const { child, base, token } = await startDemoServer(env, domain);
    try {
      const headers = { "x-bintu-token": token };
      const sample = await (await fetch(`${base}/api/organisation`, { headers })).text();
      const orgdeck = await measure(`${base}/api/organisation`, {
        connections: CONNECTIONS,
        duration: DURATION,
        headers,
      });
      const baseline = await startProcess(
        "node",
        ["bench/baseline-server.mjs"],
        { BASELINE_BODY: sample, PORT: "0" },
        /listening (\d+)/,
      );
      let bare: Measured;
      try {
        bare = await measure(`http://127.0.0.1:${baseline.match[1]}/`, {
          connections: CONNECTIONS,
          duration: DURATION,
        });
      } finally {
        await stop(baseline.child);
      }
      const ingest = await measureIngest(base, token, child.pid!);
      return { dialect, bodyBytes: Buffer.byteLength(sample), orgdeck, bare, ingest };
    } finally {
      await stop(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === "postgres") await dropSchema(schema);
  }
}

const RATIO_TARGET = { sqlite: 0.5, postgres: 0.3 } as const;
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

async function main() {
  await run("node", ["scripts/ensure-build.mjs", "--server"], {});
  const results = [];
  for (const dialect of ["sqlite", "postgres"] as const) {
    process.stdout.write(`benchmarking ${dialect}…\n`);
    results.push(await benchDialect(dialect));
  }
  const readRows = results.map((r) => {
    const ratio = r.orgdeck.rps / r.bare.rps;
    const ok = ratio >= RATIO_TARGET[r.dialect] && r.orgdeck.p99 < 20 && r.orgdeck.non2xx === 0;
    return `| ${r.dialect} | ${Math.round(r.orgdeck.rps)} | ${r.orgdeck.p50} | ${r.orgdeck.p99} | ${Math.round(r.bare.rps)} | ${r.bare.p50} | ${r.bare.p99} | ${ratio.toFixed(2)} (≥ ${RATIO_TARGET[r.dialect]}) | ${r.orgdeck.non2xx} | ${verdict(ok)} |`;
  });
  const ingestRows = results.map((r) => {
    const i = r.ingest;
    const overhead99 = i.withWebhook.p99 - i.direct.p99;
    const oh = overhead99 < 0 ? "0 (below noise)" : String(overhead99);
    const cell = (x: IngestRun) => `${x.p50} / ${x.p99}`;
    return `| ${r.dialect} | ${Math.round(i.noWebhook.rps)} | ${cell(i.noWebhook)} ${verdict(i.noWebhook.p99 < 10)} | ${cell(i.direct)} | ${cell(i.withWebhook)} | ${i.withWebhook.p50 - i.direct.p50} / ${oh} ${verdict(overhead99 <= 2)} | ${i.noWebhook.refused + i.withWebhook.refused} | ${i.noWebhook.errors + i.withWebhook.errors} ${verdict(i.noWebhook.errors + i.withWebhook.errors === 0)} | ${i.rssMb} MB ${verdict(i.rssMb < 200)} |`;
  });
  const body = `
## Hot read and ingest decisions (\`npm run bench\`)

${stamp()} · ${os.cpus()[0]?.model ?? "unknown CPU"} · ${os.cpus().length} cores

\`npm run bench\` starts orgdeck as its own process on a database filled by \`orgdeck demo\`, logs in, and loads the
authenticated \`GET /api/organisation\` with autocannon (${CONNECTIONS} connections, ${DURATION} s after a 2 s warm-up). In the
same run it loads a bare \`node:http\` server answering a constant body of the same size (${results[0]?.bodyBytes ?? "?"} bytes) and
reports the ratio. Targets: ratio ≥ 0.5 on SQLite and ≥ 0.3 on PostgreSQL, p99 < 20 ms. The load generator shares
the machine's cores with the server: compare ratios, not absolute numbers.

| database | orgdeck req/s | p50 ms | p99 ms | bare node:http req/s | p50 ms | p99 ms | ratio (target) | errors | verdict |
|---|---|---|---|---|---|---|---|---|---|
${readRows.join("\n")}

### Ingest decisions at viewer scale

\`play\` callbacks (\`POST /api/ingest/rtmp\`) at ${INGEST_RATE}/s for ${INGEST_SECONDS} s over 16 connections, from ${ADDRESSES} client
addresses spread over ${STREAMS} streams, so the per-address flood guard (50 per stream and address in 10 s) is not what
is measured; refusals have their own column. First without a webhook, then through a loopback receiver
that answers 200 at once; "receiver alone" loads that receiver directly at the same rate, so the overhead is
what orgdeck adds above it. Every decision is written to the call log. Targets: p99 < 10 ms without a
webhook, overhead p99 ≤ 2 ms, no errors, peak server RSS < 200 MB.

| database | decisions/s | no webhook p50 / p99 ms | receiver alone p50 / p99 | through webhook p50 / p99 | overhead p50 / p99 ms | refused | errors | peak RSS |
|---|---|---|---|---|---|---|---|---|
${ingestRows.join("\n")}
`;
  writeReadmeSection("hot", body);
  process.stdout.write(`${body}\nwrote bench/README.md\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
