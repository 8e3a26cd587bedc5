/**
 * Fills one organisation with a large catalogue through the repositories, in batches: streams with
 * Zipf-distributed tags (a few very popular, most rare), members, audit events and ingest calls.
 * Every maintained count is kept by the same repository functions the API uses.
 */
import { randomBytes } from "node:crypto";
import { sql, type Insertable, type Kysely } from "kysely";
import type { Services } from "../server/app.js";
import type { AuditEventsTable, Schema } from "../server/db/schema.js";
import { insertIngestCalls, type IngestCallRow } from "../server/modules/ingest/ingest.repo.js";
import { insertStreams, type StreamRow } from "../server/modules/streams/streams.repo.js";
import { insertUsers, type UserRow } from "../server/modules/users/users.repo.js";
import { insertAuditRows } from "../server/platform/audit.repo.js";
import { newId, timeOrderedId, toBase62 } from "../server/platform/ids.js";

export interface FillSize {
  streams: number;
  tags: number;
  members: number;
  audit: number;
  ingest: number;
}

export const FULL: FillSize = { streams: 100_000, tags: 5_000, members: 2_000, audit: 1_000_000, ingest: 1_000_000 };

export const ADMIN = { email: "admin@scale.bench.test", password: "scale-bench-admin-passphrase" };
export const AUDIT_ACTIONS = [
  "stream_created",
  "stream_tags_changed",
  "stream_stop",
  "authn_login_success",
  "authz_change",
  "webhook_changed",
  "vod_recorded",
  "tag_renamed",
];
const STATES: Array<[string, number]> = [
  ["created", 0.55],
  ["ended", 0.35],
  ["live", 0.05],
  ["locked", 0.03],
  ["deleted", 0.02],
];

/** Deterministic randomness, so two runs build the same catalogue. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Tag `t<k>` is picked with probability ∝ 1/(k+1): t0 is on ~10 % of streams, t4999 on a handful. */
export function tagName(k: number): string {
  return `t${k}`;
}

/** Picks 0…n-1 with probability ∝ 1/(k+1). */
export function zipf(n: number, random: () => number) {
  const cdf: number[] = [];
  let sum = 0;
  for (let k = 0; k < n; k++) cdf.push((sum += 1 / (k + 1)));
  return () => {
    const u = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface Filled {
  orgId: string;
  hash: string;
  apiKey: string;
  /** A stream with many ingest calls. */
  busyStreamId: string;
  ms: Record<string, number>;
}

export async function fillOrganisation(
  db: Kysely<Schema>,
  services: Services,
  size: FillSize,
  log: (msg: string) => void = () => undefined,
): Promise<Filled> {
  const random = rng(42);
  const pickTag = zipf(size.tags, random);
  const ms: Record<string, number> = {};
  const hash = toBase62(random() * 2 ** 31, 5);
  // Above the default limits (100 000 streams, 1 000 members), as an operator would set them for this customer.
  const created = await services.organisations.createOrganisation({
    name: "Scale Bench Inc.",
    hash,
    packages: ["liveProcessing", "h5live", "vod"],
    limits: { streams: 1_000_000, members: 10_000 },
    admin: ADMIN,
  });
  const orgId = created.organisation.id;
  const year = 365 * 86_400_000;
  const start = Date.now() - year;

  let t0 = Date.now();
  const streamIds: string[] = [];
  // Every tag is used at least once: the first streams take the rare tags in turn.
  let rareNext = 0;
  for (let done = 0; done < size.streams;) {
    const batch: Array<{ row: StreamRow; tags: string[] }> = [];
    for (let i = 0; i < 1000 && done < size.streams; i++, done++) {
      const u = random();
      let acc = 0;
      const state = STATES.find(([, p]) => (acc += p) > u)?.[0] ?? "created";
      const at = start + Math.floor((done / size.streams) * year);
      const row: StreamRow = {
        id: newId(),
        org_id: orgId,
        name: `${hash}-${toBase62(done, 5)}`,
        state,
        created_at: at,
        updated_at: at,
      };
      const tags = new Set<string>();
      if (rareNext < size.tags) tags.add(tagName(rareNext++));
      const want = 1 + Math.floor(random() * 4);
      while (tags.size < want) tags.add(tagName(pickTag()));
      batch.push({ row, tags: state === "deleted" ? [] : [...tags] });
      streamIds.push(row.id);
    }
    await db.transaction().execute((trx) => insertStreams(trx, orgId, batch));
  }
  ms.streams = Date.now() - t0;
  log(`  ${size.streams} streams in ${ms.streams} ms`);

  t0 = Date.now();
  const roles = ["nanoUser", "nanoReadOnly", "nanoUser", "nanoReadOnly", "nanoAdmin"];
  const members: UserRow[] = [];
  const sample = randomBytes(8).toString("hex");
  for (let i = 1; i < size.members; i++) {
    members.push({
      id: newId(),
      org_id: orgId,
      email: `member${i}-${sample}@scale.bench.test`,
      email_lower: `member${i}-${sample}@scale.bench.test`,
      password_hash: "$argon2id$v=19$m=19456,t=2,p=1$bm90LWEtcmVhbC1zYWx0$bm90LWEtcmVhbC1oYXNoLW5vdC1hLXJlYWwtaGFzaA",
      role: roles[i % roles.length]!,
      token_key: "benchKey",
      created_at: start + i * 1000,
    });
  }
  await db.transaction().execute((trx) => insertUsers(trx, orgId, members));
  ms.members = Date.now() - t0;
  log(`  ${size.members} members in ${ms.members} ms`);

  t0 = Date.now();
  for (let done = 0; done < size.audit;) {
    const rows: Array<Insertable<AuditEventsTable>> = [];
    for (let i = 0; i < 10_000 && done < size.audit; i++, done++) {
      const at = start + Math.floor((done / size.audit) * year);
      rows.push({
        id: timeOrderedId(at),
        org_id: orgId,
        at,
        actor_type: "user",
        actor_id: null,
        actor_label: `member${done % 50}@scale.bench.test`,
        action: AUDIT_ACTIONS[Math.floor(random() * AUDIT_ACTIONS.length)]!,
        target: null,
        ip: "192.0.2.1",
        outcome: "success",
        detail: null,
        request_id: null,
      });
    }
    await db.transaction().execute((trx) => insertAuditRows(trx, orgId, rows));
  }
  ms.audit = Date.now() - t0;
  log(`  ${size.audit} audit events in ${ms.audit} ms`);

  t0 = Date.now();
  const busy = streamIds.slice(0, 1000);
  for (let done = 0; done < size.ingest;) {
    const rows: IngestCallRow[] = [];
    for (let i = 0; i < 10_000 && done < size.ingest; i++, done++) {
      const at = start + Math.floor((done / size.ingest) * year);
      const streamId = busy[Math.floor(random() ** 2 * busy.length)]!;
      rows.push({
        id: timeOrderedId(at),
        org_id: orgId,
        stream_id: streamId,
        stream_name: `${hash}-bench`,
        call: random() < 0.8 ? "play" : "publish",
        decision: random() < 0.9 ? "allow" : "deny",
        reason: "receiver allowed",
        receiver_status: 200,
        latency_ms: 3,
        at,
      });
    }
    await insertIngestCalls(db, rows);
  }
  ms.ingest = Date.now() - t0;
  log(`  ${size.ingest} ingest calls in ${ms.ingest} ms`);
  // What autovacuum (PostgreSQL) and PRAGMA optimize (SQLite) do on a live database over time.
  await sql`ANALYZE`.execute(db);
  return { orgId, hash, apiKey: created.organisation.apiKey, busyStreamId: busy[0]!, ms };
}
