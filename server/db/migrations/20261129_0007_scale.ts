import { PostgresAdapter, sql, type Kysely } from "kysely";

/*
 * Scale: nothing a request does may grow with the size of an organisation's catalogue.
 * - `tags`: one row per organisation tag with its stream counts (in total and per stream state),
 *   maintained in the same transaction as every change of a stream's tags or state.
 * - `stream_tags` carries its stream's state and creation time, so "streams with tag t (in state s),
 *   newest first" is one index range.
 * - `counters`: maintained totals (streams per state, members per role, audit events per action,
 *   ingest calls, recordings), sharded on PostgreSQL so concurrent writers do not queue on one row.
 * - Every list route gets an index matching its filter and order; tag search gets a trigram index.
 * Existing data is backfilled here, so a database of the previous release upgrades in place.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  // Byte order on both engines: prefix ranges and cursors compare exactly like the index sorts.
  const textC = pg ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable("tags")
    .addColumn("id", pg ? sql`bigint generated always as identity` : "integer", (c) => c.primaryKey())
    .addColumn("org_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("name", textC, (c) => c.notNull())
    .addColumn("name_lower", textC, (c) => c.notNull())
    .addColumn("streams", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("n_created", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("n_live", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("n_ended", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("n_locked", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("tags_org_name_idx").on("tags").columns(["org_id", "name"]).unique().execute();
  await db.schema.createIndex("tags_org_lower_idx").on("tags").columns(["org_id", "name_lower", "name"]).execute();
  // The few tags whose count reached 0, for the maintenance sweep.
  await db.schema
    .createIndex("tags_unused_idx")
    .on("tags")
    .column("org_id")
    .where(sql<boolean>`streams <= 0`)
    .execute();

  await db.schema
    .createTable("counters")
    .addColumn("org_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("shard", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("n", "bigint", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("counters_pk", ["org_id", "key", "shard"])
    .execute();

  // stream_tags learns its stream's state and creation time.
  await db.schema
    .alterTable("stream_tags")
    .addColumn("state", "text", (c) => c.notNull().defaultTo("created"))
    .execute();
  await db.schema
    .alterTable("stream_tags")
    .addColumn("created_at", "bigint", (c) => c.notNull().defaultTo(0))
    .execute();
  if (pg) {
    await sql`UPDATE stream_tags SET state = s.state, created_at = s.created_at FROM streams s WHERE s.id = stream_tags.stream_id`.execute(
      db,
    );
  } else {
    await sql`UPDATE stream_tags SET state = (SELECT s.state FROM streams s WHERE s.id = stream_tags.stream_id),
      created_at = (SELECT s.created_at FROM streams s WHERE s.id = stream_tags.stream_id)`.execute(db);
  }
  // A deleted stream carries no tags (the previous release dropped them too); make sure of it.
  await sql`DELETE FROM stream_tags WHERE state = 'deleted'`.execute(db);

  await db.schema.dropIndex("stream_tags_org_tag_idx").execute();
  await db.schema
    .createIndex("stream_tags_tag_idx")
    .on("stream_tags")
    .columns(["org_id", "tag", "created_at", "stream_id"])
    .execute();
  await db.schema
    .createIndex("stream_tags_tag_state_idx")
    .on("stream_tags")
    .columns(["org_id", "tag", "state", "created_at", "stream_id"])
    .execute();

  await db.schema.dropIndex("streams_org_idx").execute();
  await db.schema
    .createIndex("streams_list_idx")
    .on("streams")
    .columns(["org_id", "created_at", "id"])
    .where(sql.ref("state"), "<>", "deleted")
    .execute();
  await db.schema
    .createIndex("streams_state_idx")
    .on("streams")
    .columns(["org_id", "state", "created_at", "id"])
    .execute();

  await db.schema.dropIndex("users_org_idx").execute();
  await db.schema.createIndex("users_list_idx").on("users").columns(["org_id", "created_at", "id"]).execute();
  await db.schema.createIndex("users_role_idx").on("users").columns(["org_id", "role", "created_at", "id"]).execute();

  await db.schema.createIndex("audit_action_idx").on("audit_events").columns(["org_id", "action", "id"]).execute();
  await db.schema
    .createIndex("audit_actor_label_idx")
    .on("audit_events")
    .columns(["org_id", "actor_label", "id"])
    .execute();
  await db.schema.createIndex("audit_actor_id_idx").on("audit_events").columns(["org_id", "actor_id", "id"]).execute();

  await db.schema
    .createIndex("ingest_calls_decision_idx")
    .on("ingest_calls")
    .columns(["org_id", "decision", "id"])
    .execute();
  await db.schema
    .createIndex("ingest_calls_stream_decision_idx")
    .on("ingest_calls")
    .columns(["stream_id", "decision", "id"])
    .execute();

  await db.schema.dropIndex("vod_assets_org_idx").execute();
  await db.schema.dropIndex("vod_assets_stream_idx").execute();
  await db.schema.createIndex("vod_assets_list_idx").on("vod_assets").columns(["org_id", "created_at", "id"]).execute();
  await db.schema
    .createIndex("vod_assets_stream_idx")
    .on("vod_assets")
    .columns(["stream_id", "created_at", "id"])
    .execute();

  await db.schema.dropIndex("invites_org_idx").execute();
  // Only open invitations are ever listed or counted.
  await db.schema
    .createIndex("invites_list_idx")
    .on("invites")
    .columns(["org_id", "created_at", "id"])
    .where(sql<boolean>`used_at IS NULL AND revoked_at IS NULL`)
    .execute();

  await createTagSearchIndex(db, pg);
  await backfill(db);
}

/** Substring search over tag names: FTS5's trigram tokenizer on SQLite, pg_trgm on PostgreSQL. */
async function createTagSearchIndex(db: Kysely<any>, pg: boolean): Promise<void> {
  if (!pg) {
    await sql`CREATE VIRTUAL TABLE tags_fts USING fts5(name_lower, content='tags', content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
    await sql`CREATE TRIGGER tags_fts_insert AFTER INSERT ON tags BEGIN
      INSERT INTO tags_fts(rowid, name_lower) VALUES (new.id, new.name_lower); END`.execute(db);
    await sql`CREATE TRIGGER tags_fts_delete AFTER DELETE ON tags BEGIN
      INSERT INTO tags_fts(tags_fts, rowid, name_lower) VALUES ('delete', old.id, old.name_lower); END`.execute(db);
    return;
  }
  // pg_trgm ships with PostgreSQL and is a trusted extension; it lives in `public` so that every
  // schema on the server can share it. Without the privilege to install it, search stays correct and
  // scans only the organisation's own tags.
  await sql`SELECT pg_advisory_xact_lock(hashtext('orgdeck:pg_trgm'))`.execute(db);
  await sql`SAVEPOINT orgdeck_trgm`.execute(db);
  try {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`.execute(db);
    const found = await sql<{
      schema: string;
    }>`SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`.execute(
      db,
    );
    const schema = found.rows[0]?.schema ?? "public";
    await sql`CREATE INDEX tags_trgm_idx ON tags USING gin (name_lower ${sql.id(schema)}.gin_trgm_ops)`.execute(db);
    await sql`RELEASE SAVEPOINT orgdeck_trgm`.execute(db);
  } catch {
    await sql`ROLLBACK TO SAVEPOINT orgdeck_trgm`.execute(db);
  }
}

const STATES = ["created", "live", "ended", "locked"] as const;

/** Fills `tags` and `counters` from the base tables. Tag names are lower-cased here, as the server does. */
async function backfill(db: Kysely<any>): Promise<void> {
  const tagRows = await sql<{ org_id: string; tag: string; state: string; n: number | string }>`
    SELECT org_id, tag, state, COUNT(*) AS n FROM stream_tags GROUP BY org_id, tag, state`.execute(db);
  const tags = new Map<
    string,
    {
      org_id: string;
      name: string;
      name_lower: string;
      streams: number;
      n_created: number;
      n_live: number;
      n_ended: number;
      n_locked: number;
    }
  >();
  for (const r of tagRows.rows) {
    const k = `${r.org_id}\u0000${r.tag}`;
    let t = tags.get(k);
    if (!t) {
      t = {
        org_id: r.org_id,
        name: r.tag,
        name_lower: r.tag.toLowerCase(),
        streams: 0,
        n_created: 0,
        n_live: 0,
        n_ended: 0,
        n_locked: 0,
      };
      tags.set(k, t);
    }
    const n = Number(r.n);
    t.streams += n;
    if ((STATES as readonly string[]).includes(r.state)) t[`n_${r.state as (typeof STATES)[number]}`] += n;
  }
  const all = [...tags.values()];
  for (let i = 0; i < all.length; i += 500)
    await db
      .insertInto("tags")
      .values(all.slice(i, i + 500))
      .execute();

  const counters = new Map<string, number>();
  const add = (orgId: string | null, key: string, n: number | string) => {
    if (orgId === null || Number(n) === 0) return;
    const k = `${orgId}\u0000${key}`;
    counters.set(k, (counters.get(k) ?? 0) + Number(n));
  };
  for (const t of all) add(t.org_id, "tags", 1);
  const grouped = async (
    query: ReturnType<typeof sql<{ org_id: string | null; g: string | null; n: number | string }>>,
  ) => (await query.execute(db)).rows;
  for (const r of await grouped(sql`SELECT org_id, state AS g, COUNT(*) AS n FROM streams GROUP BY org_id, state`)) {
    add(r.org_id, `streams:${r.g}`, r.n);
    if (r.g !== "deleted") add(r.org_id, "streams", r.n);
  }
  for (const r of await grouped(sql`SELECT org_id, role AS g, COUNT(*) AS n FROM users GROUP BY org_id, role`)) {
    add(r.org_id, "users", r.n);
    add(r.org_id, `users:r:${r.g}`, r.n);
  }
  for (const r of await grouped(
    sql`SELECT org_id, action AS g, COUNT(*) AS n FROM audit_events WHERE org_id IS NOT NULL GROUP BY org_id, action`,
  )) {
    add(r.org_id, "audit", r.n);
    add(r.org_id, `audit:a:${r.g}`, r.n);
  }
  for (const r of await grouped(
    sql`SELECT org_id, decision AS g, COUNT(*) AS n FROM ingest_calls WHERE org_id IS NOT NULL GROUP BY org_id, decision`,
  )) {
    add(r.org_id, "ingest", r.n);
    add(r.org_id, `ingest:d:${r.g}`, r.n);
  }
  for (const r of await grouped(
    sql`SELECT org_id, stream_id || ':' || decision AS g, COUNT(*) AS n FROM ingest_calls WHERE org_id IS NOT NULL AND stream_id IS NOT NULL GROUP BY org_id, stream_id, decision`,
  )) {
    const [streamId] = String(r.g).split(":");
    add(r.org_id, `ingest:s:${streamId}`, r.n);
    add(r.org_id, `ingest:sd:${r.g}`, r.n);
  }
  for (const r of await grouped(
    sql`SELECT org_id, status AS g, COUNT(*) AS n FROM vod_assets GROUP BY org_id, status`,
  )) {
    add(r.org_id, "vod", r.n);
    add(r.org_id, `vod:st:${r.g}`, r.n);
  }
  for (const r of await grouped(
    sql`SELECT org_id, stream_id AS g, COUNT(*) AS n FROM vod_assets GROUP BY org_id, stream_id`,
  ))
    add(r.org_id, `vod:s:${r.g}`, r.n);

  const rows = [...counters].map(([k, n]) => {
    const [org_id, key] = k.split("\u0000") as [string, string];
    return { org_id, key, shard: 0, n };
  });
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto("counters")
      .values(rows.slice(i, i + 500))
      .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  if (!pg) {
    await sql`DROP TRIGGER IF EXISTS tags_fts_insert`.execute(db);
    await sql`DROP TRIGGER IF EXISTS tags_fts_delete`.execute(db);
    await sql`DROP TABLE IF EXISTS tags_fts`.execute(db);
  }
  await db.schema.dropTable("tags").ifExists().execute();
  await db.schema.dropTable("counters").ifExists().execute();

  await db.schema.dropIndex("invites_list_idx").execute();
  await db.schema.createIndex("invites_org_idx").on("invites").columns(["org_id", "created_at"]).execute();
  await db.schema.dropIndex("vod_assets_list_idx").execute();
  await db.schema.dropIndex("vod_assets_stream_idx").execute();
  await db.schema.createIndex("vod_assets_org_idx").on("vod_assets").columns(["org_id", "created_at"]).execute();
  await db.schema.createIndex("vod_assets_stream_idx").on("vod_assets").columns(["stream_id", "created_at"]).execute();
  await db.schema.dropIndex("ingest_calls_decision_idx").execute();
  await db.schema.dropIndex("ingest_calls_stream_decision_idx").execute();
  await db.schema.dropIndex("audit_action_idx").execute();
  await db.schema.dropIndex("audit_actor_label_idx").execute();
  await db.schema.dropIndex("audit_actor_id_idx").execute();
  await db.schema.dropIndex("users_list_idx").execute();
  await db.schema.dropIndex("users_role_idx").execute();
  await db.schema.createIndex("users_org_idx").on("users").columns(["org_id", "role"]).execute();
  await db.schema.dropIndex("streams_list_idx").execute();
  await db.schema.dropIndex("streams_state_idx").execute();
  await db.schema.createIndex("streams_org_idx").on("streams").columns(["org_id", "created_at"]).execute();
  await db.schema.dropIndex("stream_tags_tag_idx").execute();
  await db.schema.dropIndex("stream_tags_tag_state_idx").execute();
  await db.schema.createIndex("stream_tags_org_tag_idx").on("stream_tags").columns(["org_id", "tag"]).execute();
  await db.schema.alterTable("stream_tags").dropColumn("state").execute();
  await db.schema.alterTable("stream_tags").dropColumn("created_at").execute();
}

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
