/**
 * `npm run bench:analytics`: the issue's measured items for usage analytics, on SQLite and PostgreSQL.
 *
 * 1. A year of history for an organisation with 100 000 streams, 1 000 of them active every day, with
 *    hourly rows (the active streams' hours, their tags' and the organisation's) and the day rows the
 *    collector keeps beside them; then `usage` for 90 days by day, by tag (top 20) and for one stream,
 *    through the service as the route calls it: p99 of BENCH_ANALYTICS_RUNS calls each, target < 50 ms.
 * 2. Collection overhead: the ingest decision (an allowed RTMP play, the hot path that now notes the
 *    viewer for analytics) with collection on vs off, in one run on one database: ratio ≥ 0.9.
 *
 * The history is written with one INSERT … SELECT per table (a recursive CTE on SQLite, generate_series on
 * PostgreSQL), not through the collector, so filling takes a minute rather than a year.
 * Rewrites its section of bench/README.md.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql, type Kysely } from "kysely";
import type { Schema } from "../server/db/schema.js";
import { DAY_MS, HOUR_MS } from "../contract/analytics.js";
import { buildServices } from "../server/app.js";
import { loadConfig } from "../server/config.js";
import { migrateToLatest, openDatabase, type Database, type DialectName } from "../server/db/database.js";
import { createIngestService } from "../server/modules/ingest/ingest.service.js";
import type { Actor } from "../server/platform/actor.js";
import { createKeyring } from "../server/platform/keyring.js";
import { dropSchema, PG_URL, stamp, writeReadmeSection } from "./lib.js";

const STREAMS = Number(process.env.BENCH_ANALYTICS_STREAMS ?? 100_000);
const ACTIVE = Number(process.env.BENCH_ANALYTICS_ACTIVE ?? 1_000);
const DAYS = Number(process.env.BENCH_ANALYTICS_DAYS ?? 365);
const TAGS = 50;
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 200);
const DECISIONS = Number(process.env.BENCH_ANALYTICS_DECISIONS ?? 2_000);
const ROUNDS = 11;
const TARGET_MS = 50;
const RATIO_TARGET = 0.9;

const p = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

async function fill(database: Database, orgId: string, now: number): Promise<void> {
  const { db, dialect } = database;
  const start = Math.floor(now / DAY_MS) * DAY_MS - DAYS * DAY_MS;
  // Streams: ACTIVE of them carry the history (tag t0..t49), the rest exist.
  const rows = Array.from({ length: STREAMS }, (_, i) => ({
    id: randomUUID(),
    org_id: orgId,
    name: `bench-${i.toString().padStart(6, "0")}`,
    state: "ended",
    created_at: start,
    updated_at: start,
  }));
  for (let i = 0; i < rows.length; i += 2_000)
    await db
      .insertInto("streams")
      .values(rows.slice(i, i + 2_000))
      .execute();
  const active = rows.slice(0, ACTIVE);
  await db.schema.createTable("bench_active").ifNotExists().addColumn("id", "text").addColumn("tag", "text").execute();
  for (let i = 0; i < active.length; i += 500)
    await db
      .insertInto("bench_active" as never)
      .values(active.slice(i, i + 500).map((r, j) => ({ id: r.id, tag: `t${(i + j) % TAGS}` })) as never)
      .execute();

  const hours = DAYS * 24;
  const series = (n: number) =>
    dialect === "sqlite"
      ? sql.raw(`(WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ${n - 1}) SELECT i FROM s)`)
      : sql.raw(`(SELECT generate_series(0, ${n - 1}) AS i)`);
  // Each statement writes millions of rows: on PostgreSQL without the pool's statement timeout.
  const exec = (q: { execute(db: Kysely<Schema>): Promise<unknown> }) =>
    dialect === "postgres"
      ? db.transaction().execute(async (trx) => {
          await sql`SET LOCAL statement_timeout = 0`.execute(trx);
          await q.execute(trx);
        })
      : q.execute(db);
  // Numbers as bigint literals: PostgreSQL would type a bound parameter as integer and overflow.
  const n = (v: number) => sql.raw(`CAST(${Math.trunc(v)} AS BIGINT)`);
  const cols = sql.raw("org_id, scope, key, t, published_minutes, viewer_minutes, peak_viewers, viewers, bytes_out");
  // Stream hours: 60 published minutes, a few viewers that vary by hour.
  await exec(sql`INSERT INTO usage_hours (${cols})
    SELECT ${orgId}, 's', a.id, ${n(start)} + h.i * ${n(HOUR_MS)}, 60, (h.i % 13) * 60, h.i % 13, h.i % 17, (h.i % 13) * ${n(1_000_000)}
    FROM bench_active a CROSS JOIN ${series(hours)} h`);
  await exec(sql`INSERT INTO usage_hours (${cols})
    SELECT ${orgId}, 't', a.tag, ${n(start)} + h.i * ${n(HOUR_MS)}, count(*) * 60, count(*) * (h.i % 13) * 60, count(*) * (h.i % 13), count(*) * (h.i % 17), count(*) * (h.i % 13) * ${n(1_000_000)}
    FROM bench_active a CROSS JOIN ${series(hours)} h GROUP BY a.tag, h.i`);
  await exec(sql`INSERT INTO usage_hours (${cols})
    SELECT ${orgId}, 'o', '', ${n(start)} + h.i * ${n(HOUR_MS)}, ${n(ACTIVE * 60)}, ${n(ACTIVE)} * (h.i % 13) * 60, ${n(ACTIVE)} * (h.i % 13), ${n(ACTIVE)} * (h.i % 17), ${n(ACTIVE)} * (h.i % 13) * ${n(1_000_000)}
    FROM ${series(hours)} h`);
  // Day rows, as the collector keeps them beside the hours.
  const bucket = sql.raw(`(${start} + ((t - ${start}) / ${DAY_MS}) * ${DAY_MS})`);
  await exec(sql`INSERT INTO usage_days (${cols})
    SELECT org_id, scope, key, ${bucket}, sum(published_minutes), sum(viewer_minutes), max(peak_viewers), max(viewers), sum(bytes_out)
    FROM usage_hours WHERE org_id = ${orgId} GROUP BY org_id, scope, key, ${bucket}`);
  await db.schema.dropTable("bench_active").execute();
  await exec(sql`ANALYZE`);
}

async function benchDialect(dialect: DialectName) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-bench-analytics-"));
  const schema = `bench_analytics_${randomBytes(4).toString("hex")}`;
  const url = dialect === "sqlite" ? `sqlite:${path.join(dir, "a.db")}` : `${PG_URL}?schema=${schema}`;
  const database = await openDatabase(url);
  try {
    await migrateToLatest(database);
    const config = loadConfig({ DATABASE_URL: url, ORGDECK_DATA_DIR: dir, LOG_LEVEL: "silent" });
    const now = Date.now();
    const clock = { now: () => now };
    const keyring = createKeyring(randomBytes(32));
    const services = buildServices({ config, database, keyring, clock });
    const created = await services.organisations.createOrganisation({
      name: "Bench",
      packages: ["liveProcessing", "h5live"],
      supportLevel: "basic",
      analyticsLevel: "premium",
      trial: false,
      admin: { email: "bench@example.com", password: "bench-admin-passphrase" },
    });
    const orgId = created.organisation.id;
    const t0 = performance.now();
    await fill(database, orgId, now);
    const fillS = (performance.now() - t0) / 1000;
    const counted = await sql<{ n: number }>`SELECT count(*) AS n FROM usage_hours`.execute(database.db);
    const hourRows = Number(counted.rows[0]!.n);
    const one = await database.db
      .selectFrom("streams")
      .select("id")
      .where("name", "=", "bench-000007")
      .executeTakeFirstOrThrow();

    const actor = {
      kind: "apiKey",
      orgId,
      permissions: new Set(),
      ip: "127.0.0.1",
      requestId: "bench",
    } as unknown as Actor;
    const from = new Date(now - 90 * DAY_MS).toISOString();
    const queries = {
      "90 days by day": { from, granularity: "day" as const },
      "90 days by day, by tag (top 20)": { from, granularity: "day" as const, groupBy: "tag" as const },
      "90 days by day, one stream": { from, granularity: "day" as const, stream: one.id },
    };
    const results: Record<string, { p50: number; p99: number }> = {};
    for (const [name, q] of Object.entries(queries)) {
      for (let i = 0; i < 10; i++) await services.analytics.usage(actor, q, false); // warm
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await services.analytics.usage(actor, q, false);
        times.push(performance.now() - s);
      }
      results[name] = { p50: p(times, 0.5), p99: p(times, 0.99) };
    }

    // Collection overhead: allowed RTMP plays of a live stream through the decision, sink on vs off.
    const live = await services.streams.createStreamForOrg({ id: orgId, hash: created.organisation.hash }, {});
    const core = {
      db: database.db,
      clock,
      config,
      cursors: undefined as never,
    };
    const withSink = createIngestService(core, services.organisations, services.streams, services.vods, {
      usage: services.analytics.sink,
    });
    const without = createIngestService(core, services.organisations, services.streams, services.vods, {});
    await without.decide({ call: "publish", name: live.name, app: "live", addr: "10.0.0.1", clientid: "1" });
    const rate = async (svc: typeof without) => {
      const s = performance.now();
      for (let i = 0; i < DECISIONS; i++)
        await svc.decide({
          call: "play",
          name: live.name,
          app: "live",
          addr: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          clientid: String(i),
        });
      return DECISIONS / ((performance.now() - s) / 1000);
    };
    // Back-to-back pairs, alternating which goes first; the median of the pairs' ratios, so a noisy
    // neighbour on the machine does not decide it.
    const ratios: number[] = [];
    const ons: number[] = [];
    const offs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [a, b] = round % 2 === 0 ? [without, withSink] : [withSink, without];
      const ra = await rate(a);
      const rb = await rate(b);
      const [off, on] = a === without ? [ra, rb] : [rb, ra];
      offs.push(off);
      ons.push(on);
      ratios.push(on / off);
    }
    const on = p(ons, 0.5);
    const off = p(offs, 0.5);
    const ratio = p(ratios, 0.5);
    await withSink.flush();
    await without.flush();
    await services.analytics.stop();
    return { dialect, fillS, hourRows, results, on, off, ratio };
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (dialect === "postgres") await dropSchema(schema).catch(() => undefined);
  }
}

const dialects = (process.env.BENCH_DB ?? "sqlite,postgres").split(",") as DialectName[];
const out: Array<Awaited<ReturnType<typeof benchDialect>>> = [];
for (const d of dialects) {
  const r = await benchDialect(d);
  console.log(JSON.stringify(r));
  out.push(r);
}
const met = (ok: boolean) => (ok ? "met" : "**missed**");
const lines = [
  "### Usage analytics (`npm run bench:analytics`)",
  "",
  `${stamp()}. One organisation with ${STREAMS.toLocaleString("en-US")} streams, ${ACTIVE.toLocaleString("en-US")} of them active every hour of ${DAYS} days (hourly rows of the streams, their ${TAGS} tags and the organisation, plus day rows), written directly with INSERT … SELECT. \`usage\` called in-process through the service as the route calls it, ${RUNS} times each after a warm-up; target p99 < ${TARGET_MS} ms.`,
  "",
  `| query | ${out.map((r) => r.dialect).join(" | ")} |`,
  `|---|${out.map(() => "---").join("|")}|`,
  ...Object.keys(out[0]!.results).map(
    (name) =>
      `| ${name} | ${out.map((r) => `p50 ${r.results[name]!.p50.toFixed(1)} ms, p99 ${r.results[name]!.p99.toFixed(1)} ms ${met(r.results[name]!.p99 < TARGET_MS)}`).join(" | ")} |`,
  ),
  `| hourly rows in the table | ${out.map((r) => r.hourRows.toLocaleString("en-US")).join(" | ")} |`,
  `| filling took | ${out.map((r) => `${r.fillS.toFixed(0)} s`).join(" | ")} |`,
  "",
  `Collection overhead: ${DECISIONS.toLocaleString("en-US")} allowed RTMP play decisions in-process per run, ${ROUNDS} back-to-back pairs (alternating which goes first), with the analytics sink noting each viewer vs without; medians; target ratio ≥ ${RATIO_TARGET}.`,
  "",
  `| | ${out.map((r) => r.dialect).join(" | ")} |`,
  `|---|${out.map(() => "---").join("|")}|`,
  `| decisions/s, collection off (median) | ${out.map((r) => r.off.toFixed(0)).join(" | ")} |`,
  `| decisions/s, collection on (median) | ${out.map((r) => r.on.toFixed(0)).join(" | ")} |`,
  `| ratio (median of the pairs) | ${out.map((r) => `${r.ratio.toFixed(2)} ${met(r.ratio >= RATIO_TARGET)}`).join(" | ")} |`,
];
writeReadmeSection("analytics", lines.join("\n"));
console.log(lines.join("\n"));
