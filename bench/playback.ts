/**
 * `npm run bench:playback`: playback authorisation at viewer scale, on SQLite and on PostgreSQL. A real
 * orgdeck process on a database filled by `orgdeck demo`, 200 live streams, and nginx's `auth_request`
 * subrequests (`GET /api/ingest/playback`, one per HLS playlist or segment) at 2 000/s from 1 000 viewer
 * addresses: first for an organisation without Secure (no token), then with Secure (every request
 * carries an ES256 playback token that is verified). A bare node:http server answering 204 is loaded
 * at the same rate and at full speed in the same run, as the yardstick.
 * Rewrites its section of bench/README.md.
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
} from "./lib.js";

const RATE = Number(process.env.BENCH_PLAYBACK_RATE ?? 2000);
const SECONDS = Number(process.env.BENCH_PLAYBACK_SECONDS ?? 20);
const ADDRESSES = 1000;
const STREAMS = 200;
const SECRET = "bench-secret";
const DEMO_PACKAGES = "liveProcessing,h5live,webcaster,transcoding,vod,metadata";

interface Load {
  p50: number;
  p99: number;
  rps: number;
  ok: number;
  refused: number;
  errors: number;
}

/** auth_request subrequests as nginx sends them: the viewer's URI (with its token) and address in headers. */
function viewerRequests(ids: string[], tokens: Map<string, string> | null): autocannon.Request[] {
  let n = 0;
  return [
    {
      method: "GET",
      setupRequest: (req) => {
        n++;
        // Each viewer watches one stream, as a real one does: 5 viewers per stream.
        const viewer = n % ADDRESSES;
        const id = ids[viewer % ids.length]!;
        const file = n % 3 === 0 ? "index.m3u8" : `${id.slice(0, 8)}-${n % 50}.ts`;
        const query = tokens ? `?token=${tokens.get(id)}` : "";
        return {
          ...req,
          headers: {
            "x-original-uri": `/hls/${id}/${file}${query}`,
            "x-real-ip": `10.${viewer >> 8}.${viewer & 255}.9`,
          },
        };
      },
    },
  ];
}

async function load(url: string, requests: autocannon.Request[] | undefined, rate: number | null): Promise<Load> {
  const opts = { url, connections: 16, ...(rate ? { overallRate: rate } : {}), ...(requests ? { requests } : {}) };
  await autocannon({ ...opts, duration: 3 });
  const r = await autocannon({ ...opts, duration: SECONDS });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    ok: r["2xx"],
    refused: r["4xx"],
    errors: r["5xx"] + r.errors + r.timeouts,
  };
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
    ORGDECK_INGEST_SECRET: SECRET,
    // The streams are published once by callback; no media server keeps them alive with updates.
    ORGDECK_RTMP_UPDATE_INTERVAL: "1h",
    // The demo organisation has thumbnails, but there is no playout server to capture from here: this
    // instance serves viewers only (how an operator separates the two; see README).
    ORGDECK_THUMBNAIL_CONCURRENCY: "0",
  };
  const domain = `${schema.replace("_", "-")}.bench.test`;
  try {
    const { child, base, token } = await startDemoServer(env, domain);
    try {
      const auth = { "x-bintu-token": token, "content-type": "application/json" };
      const ids: string[] = [];
      for (let i = 0; i < STREAMS; i++) {
        const res = await fetch(`${base}/api/stream`, { method: "POST", headers: auth, body: JSON.stringify({}) });
        const s = (await res.json()) as { id: string; name: string };
        ids.push(s.id);
        const publish = await fetch(`${base}/api/ingest/rtmp?secret=${SECRET}&node=127.0.0.1:1`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `call=publish&name=${s.name}&app=live&addr=192.0.2.${i % 250}&clientid=${i + 1}`,
        });
        if (publish.status !== 200) throw new Error(`publish of stream ${i} answered ${publish.status}`);
      }
      const url = `${base}/api/ingest/playback?secret=${SECRET}&node=127.0.0.1:1`;
      const open = await load(url, viewerRequests(ids, null), RATE);
      const openMax = await load(url, viewerRequests(ids, null), null);

      await run(
        "node",
        ["bin/orgdeck.mjs", "org:update", "--hash", "demo0", "--packages", `${DEMO_PACKAGES},secure`],
        env,
      );
      const tokens = new Map<string, string>();
      for (const id of ids) {
        const res = await fetch(`${base}/api/stream/${id}/playback-token`, {
          method: "POST",
          headers: auth,
          body: JSON.stringify({ expiresIn: 3600 }),
        });
        tokens.set(id, ((await res.json()) as { token: string }).token);
      }
      const secure = await load(url, viewerRequests(ids, tokens), RATE);
      const secureMax = await load(url, viewerRequests(ids, tokens), null);

      const baseline = await startProcess(
        "node",
        ["bench/baseline-server.mjs"],
        { BASELINE_BODY: "", PORT: "0" },
        /listening (\d+)/,
      );
      try {
        const bareUrl = `http://127.0.0.1:${baseline.match[1]}/`;
        const bare = await load(bareUrl, undefined, RATE);
        const bareMax = await measure(bareUrl, { connections: 16, duration: SECONDS });
        return { dialect, open, openMax, secure, secureMax, bare, bareMaxRps: bareMax.rps };
      } finally {
        await stop(baseline.child);
      }
    } finally {
      await stop(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === "postgres") await dropSchema(schema);
  }
}

const verdict = (ok: boolean) => (ok ? "met" : "**missed**");

async function main() {
  await run("node", ["scripts/ensure-build.mjs", "--server"], {});
  const results = [];
  for (const dialect of ["sqlite", "postgres"] as const) {
    process.stdout.write(`benchmarking playback authorisation on ${dialect}…\n`);
    results.push(await benchDialect(dialect));
  }
  const rows = results.flatMap((r) =>
    (
      [
        ["no Secure (no token)", r.open, r.openMax],
        ["Secure (ES256 token verified)", r.secure, r.secureMax],
      ] as const
    ).map(
      ([label, at, max]) =>
        `| ${r.dialect} | ${label} | ${Math.round(at.rps)} | ${at.p50} / ${at.p99} ${verdict(at.p99 < 10)} | ${r.bare.p50} / ${r.bare.p99} | ${Math.round(max.rps)} | ${Math.round(r.bareMaxRps)} | ${(max.rps / r.bareMaxRps).toFixed(2)} | ${at.refused + max.refused} | ${at.errors + max.errors} ${verdict(at.errors + max.errors === 0)} |`,
    ),
  );
  const body = `
## Playback authorisation at viewer scale (\`npm run bench:playback\`)

${stamp()} · ${os.cpus()[0]?.model ?? "unknown CPU"} · ${os.cpus().length} cores

nginx asks orgdeck about every HLS playlist and segment (\`auth_request\` → \`GET /api/ingest/playback\`). The bench
sends those subrequests as nginx does (viewer URI with its token in \`X-Original-URI\`, viewer address in
\`X-Real-IP\`) at ${RATE}/s for ${SECONDS} s over 16 connections, from ${ADDRESSES} viewer addresses over ${STREAMS} live streams:
first for an organisation without Secure, then with Secure, where every request carries an ES256 playback token
that is verified. "Full speed" is the same load without a rate limit, against a bare \`node:http\` server answering
204 at full speed in the same run (the ratio). Target: p99 < 10 ms at ${RATE}/s, no errors. In front of orgdeck
nginx keeps each answer for 5 s per viewer address, token and stream, so a real viewer costs at most one of these
every 5 s (\`server/modules/ingest/hls-playout.test.ts\` counts them through a real nginx). The instance takes no
thumbnails (\`ORGDECK_THUMBNAIL_CONCURRENCY=0\`): each ffmpeg capture costs a core for a moment, so capture work
belongs on instances that do not answer viewers. A verified token is remembered by the instance (its signature is
checked once; expiry, key and restrictions on every request).

| database | organisation | answered/s | p50 / p99 ms at ${RATE}/s | bare node:http p50 / p99 | full speed req/s | bare full speed | ratio | refused | errors |
|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}
`;
  writeReadmeSection("playback", body);
  process.stdout.write(`${body}\nwrote bench/README.md\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
