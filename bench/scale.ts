/**
 * `npm run bench:scale`: one organisation per database with 100 000 streams, 5 000 tags, 2 000
 * members, 1 000 000 audit events and 1 000 000 ingest calls (filled through the repositories), then
 * p50/p99 of every dashboard list at 8 connections, the stream creation rate through the API at 16,
 * and the time until the Overview and Streams pages show their first rows in headless Chromium.
 * Writes the table into bench/README.md. BENCH_SCALE=0.1 runs a tenth of the size (a quick look).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { buildServices } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { migrateToLatest, openDatabase } from "../server/db/database.js";
import { systemClock } from "../server/platform/clock.js";
import { createKeyring } from "../server/platform/keyring.js";
import { ADMIN, FULL, fillOrganisation, rng, tagName, zipf, type FillSize } from "./fill.js";
import {
  dropSchema,
  measure,
  PG_URL,
  run,
  stamp,
  startProcess,
  stop,
  writeReadmeSection,
  SERVER_ARGS,
  type Measured,
} from "./lib.js";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const SIZE: FillSize = {
  streams: Math.round(FULL.streams * SCALE),
  tags: Math.round(FULL.tags * SCALE),
  members: Math.round(FULL.members * SCALE),
  audit: Math.round(FULL.audit * SCALE),
  ingest: Math.round(FULL.ingest * SCALE),
};
const TARGET_MS = { sqlite: 20, postgres: 30 } as const;
const CREATE_TARGET = 500;
const PAGE_TARGET_MS = 1000;
const log = (msg: string) => process.stdout.write(`${msg}\n`);

type Dialect = "sqlite" | "postgres";

interface Row {
  name: string;
  url: string;
  m: Measured;
}

async function fill(dialect: Dialect, url: string, dir: string, secretKey: string) {
  const config = loadConfig({ DATABASE_URL: url, ORGDECK_DATA_DIR: dir, LOG_LEVEL: "silent" });
  const database = await openDatabase(url);
  try {
    await migrateToLatest(database);
    const services = buildServices({
      config,
      database,
      keyring: createKeyring(Buffer.from(secretKey, "hex")),
      clock: systemClock,
    });
    log(`filling ${dialect}…`);
    return await fillOrganisation(database.db, services, SIZE, log);
  } finally {
    await database.close();
  }
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Follows `next` from `first` for `pages - 1` pages and returns the URL of the last one. */
async function deepUrl(base: string, first: string, pages: number, headers: Record<string, string>): Promise<string> {
  let url = first;
  for (let i = 1; i < pages; i++) {
    const page = await json<{ next: string | null }>(await fetch(`${base}${url}`, { headers }));
    if (!page.next) break;
    url = `${first}&cursor=${encodeURIComponent(page.next)}`;
  }
  return url;
}

async function firstRowsMs(
  base: string,
  token: string,
  expiresAt: string,
): Promise<{ overview: number; streams: number }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Signed in as the dashboard is (web/lib/session.ts): the session cookie and the tabs' marker.
    await context.addCookies([
      { name: "orgdeck_session", value: token, url: base, httpOnly: true, sameSite: "Strict" },
    ]);
    await context.addInitScript(
      (s) => localStorage.setItem("orgdeck.signedIn", s),
      JSON.stringify({ expiresAt, id: "bench" }),
    );
    const page = await context.newPage();
    // A first visit warms the browser's cache of the dashboard's own files, as for a returning user.
    await page.goto(`${base}/`);
    await page.getByRole("list", { name: "Tags" }).getByRole("listitem").first().waitFor();
    const timed = async (url: string, ready: () => Promise<void>) => {
      const best: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = Date.now();
        await page.goto(url);
        await ready();
        best.push(Date.now() - t0);
      }
      return Math.min(...best);
    };
    const overview = await timed(`${base}/`, () =>
      page.getByRole("list", { name: "Tags" }).getByRole("listitem").first().waitFor(),
    );
    const streams = await timed(`${base}/streams`, () =>
      page.getByRole("table", { name: "Streams" }).locator("tbody tr").first().waitFor(),
    );
    return { overview, streams };
  } finally {
    await browser.close();
  }
}

async function benchDialect(dialect: Dialect) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-scale-"));
  const schema = `scale_${randomBytes(4).toString("hex")}`;
  const url = dialect === "sqlite" ? `sqlite:${path.join(dir, "scale.db")}` : `${PG_URL}?schema=${schema}`;
  const secretKey = randomBytes(32).toString("hex");
  try {
    const filled = await fill(dialect, url, dir, secretKey);
    const env = {
      DATABASE_URL: url,
      ORGDECK_DATA_DIR: dir,
      ORGDECK_SECRET_KEY: secretKey,
      LOG_LEVEL: "warn",
      PORT: "0",
      HOST: "127.0.0.1",
    };
    const { child, match } = await startProcess(
      "node",
      SERVER_ARGS,
      env,
      /orgdeck listening on http:\/\/127\.0\.0\.1:(\d+)/,
    );
    try {
      const base = `http://127.0.0.1:${match[1]}`;
      const login = await json<{ token: string; expiresAt: string }>(
        await fetch(`${base}/api/user/validate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(ADMIN),
        }),
      );
      const headers = { "x-bintu-token": login.token };
      const popular = tagName(0);
      const rare = tagName(SIZE.tags - 1);
      const lists: Array<[string, string]> = [
        ["tag card, first page", "/api/tag?limit=35"],
        ["tag card, page 20 (cursor)", await deepUrl(base, "/api/tag?limit=35", 20, headers)],
        ["tag prefix search (q=t19)", "/api/tag?limit=35&q=t19"],
        ["tag substring search (q=999)", "/api/tag?limit=35&q=999"],
        ["streams, first page", "/api/stream?limit=50"],
        ["streams, page 10 (cursor)", await deepUrl(base, "/api/stream?limit=50", 10, headers)],
        [`streams, popular tag (${popular})`, `/api/stream?limit=50&tag=${popular}`],
        [`streams, rare tag (${rare})`, `/api/stream?limit=50&tag=${rare}`],
        ["streams, popular tag + state", `/api/stream?limit=50&tag=${popular}&state=live`],
        ["streams, state=live", "/api/stream?limit=50&state=live"],
        ["streams, sorted by name", "/api/stream?limit=25&sort=name"],
        [
          "streams, sorted by update, page 10 (cursor)",
          await deepUrl(base, "/api/stream?limit=25&sort=updated", 10, headers),
        ],
        ["streams, sorted by state (live first)", "/api/stream?limit=25&sort=state"],
        ["streams, last page by offset 9 975", "/api/stream?limit=25&sort=name&dir=desc&offset=9975"],
        ["streams, name prefix search matching all (q=00)", "/api/stream?limit=25&q=00"],
        ["streams, name prefix search, few (q=00Ab), by update", "/api/stream?limit=25&q=00Ab&sort=updated"],
        ["streams, substring search (q=qq, bounded)", "/api/stream?limit=25&q=qq&match=contains"],
        ["users, email search, last active first", "/api/user?limit=50&q=member&sort=lastActive"],
        ["users, role=nanoUser", "/api/user?limit=50&role=nanoUser"],
        ["audit, action=authz_change", "/api/audit?limit=25&action=authz_change"],
        ["ingest calls of one stream", `/api/ingest/calls?limit=25&streamId=${filled.busyStreamId}`],
        ["organisation (for comparison)", "/api/organisation"],
      ];
      const rows: Row[] = [];
      for (const [name, path] of lists) {
        const m = await measure(`${base}${path}`, { connections: 8, duration: DURATION, warmup: 1, headers });
        rows.push({ name, url: path, m });
        log(`  ${name}: p50 ${m.p50} ms, p99 ${m.p99} ms, ${Math.round(m.rps)} req/s, errors ${m.non2xx}`);
      }
      // Each new stream gets 1–4 tags drawn like the catalogue's: popular tags are hit often.
      const random = rng(7);
      const pick = zipf(SIZE.tags, random);
      const create = await measure(`${base}/api/stream`, {
        connections: 16,
        duration: Math.max(DURATION, 10),
        warmup: 1,
        requests: [
          {
            method: "POST",
            path: "/api/stream",
            headers: { "x-bintu-apikey": filled.apiKey, "content-type": "application/json" },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                tags: Array.from({ length: 1 + Math.floor(random() * 4) }, () => tagName(pick())),
              }),
            }),
          },
        ],
      });
      log(`  create: ${Math.round(create.rps)} streams/s, p99 ${create.p99} ms, errors ${create.non2xx}`);
      const pages = await firstRowsMs(base, login.token, login.expiresAt);
      log(`  first rows: overview ${pages.overview} ms, streams ${pages.streams} ms`);
      return { dialect, rows, create, pages, fillMs: filled.ms };
    } finally {
      await stop(child);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === "postgres") await dropSchema(schema);
  }
}

async function main() {
  await run("node", ["scripts/ensure-build.mjs"], {});
  const started = Date.now();
  const results = [];
  for (const dialect of ["sqlite", "postgres"] as const) results.push(await benchDialect(dialect));
  const [s, p] = results as [Awaited<ReturnType<typeof benchDialect>>, Awaited<ReturnType<typeof benchDialect>>];
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const cell = (r: Row, target: number) => `${r.m.p50} / ${r.m.p99} ${verdict(r.m.p99 < target && r.m.non2xx === 0)}`;
  const lines = s.rows.map(
    (r, i) => `| ${r.name} | ${cell(r, TARGET_MS.sqlite)} | ${cell(p.rows[i]!, TARGET_MS.postgres)} |`,
  );
  const fillLine = (x: typeof s) =>
    Object.entries(x.fillMs)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(", ");
  const body = `
## Scale: one organisation with ${SIZE.streams.toLocaleString("en")} streams (\`npm run bench:scale\`)

${stamp()} · ${os.cpus().length} cores · whole run ${Math.round((Date.now() - started) / 1000)} s

One organisation per database, filled through the repositories in batches: ${SIZE.streams.toLocaleString("en")} streams
(2 % deleted, 5 % live), ${SIZE.tags.toLocaleString("en")} tags with 1–4 per stream (Zipf: \`t0\` on about a tenth of
all streams, the last ones on one or two), ${SIZE.members.toLocaleString("en")} members, ${SIZE.audit.toLocaleString("en")} audit events and
${SIZE.ingest.toLocaleString("en")} ingest calls. Then each list through the real server at 8 connections for ${DURATION} s
(after 1 s of warm-up), stream creation through the API with the API key at 16 connections, and the
time from navigation until the first rows show in headless Chromium (best of 3, dashboard files cached).
New streams get 1–4 tags drawn from the same Zipf distribution.
Targets: every list p99 < ${TARGET_MS.sqlite} ms on SQLite and < ${TARGET_MS.postgres} ms on PostgreSQL; ≥ ${CREATE_TARGET} creates/s;
first rows < ${PAGE_TARGET_MS} ms.

| list (p50 / p99 ms) | SQLite | PostgreSQL |
|---|---|---|
${lines.join("\n")}
| **stream creation** (16 connections) | ${Math.round(s.create.rps)}/s, p99 ${s.create.p99} ms ${verdict(s.create.rps >= CREATE_TARGET && s.create.non2xx === 0)} | ${Math.round(p.create.rps)}/s, p99 ${p.create.p99} ms ${verdict(p.create.rps >= CREATE_TARGET && p.create.non2xx === 0)} |
| **Overview: first tags shown** | ${s.pages.overview} ms ${verdict(s.pages.overview < PAGE_TARGET_MS)} | ${p.pages.overview} ms ${verdict(p.pages.overview < PAGE_TARGET_MS)} |
| **Streams page: first rows shown** | ${s.pages.streams} ms ${verdict(s.pages.streams < PAGE_TARGET_MS)} | ${p.pages.streams} ms ${verdict(p.pages.streams < PAGE_TARGET_MS)} |

Fill times — SQLite: ${fillLine(s)}; PostgreSQL: ${fillLine(p)}.
`;
  if (SCALE === 1) writeReadmeSection("scale", body);
  log(body);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:scale failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
