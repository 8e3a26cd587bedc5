import type { Insertable, Kysely, Selectable, Updateable } from "kysely";
import type { DialectName } from "../../db/database.js";
import { isPostgresDb } from "../../db/locks.js";
import type {
  EventDeliveriesTable,
  EventDeliveryAttemptsTable,
  EventEndpointsTable,
  EventsTable,
  Schema,
} from "../../db/schema.js";

/** The only code that touches the event tables. Every finder a client reaches takes the orgId. */

export type EndpointRow = Selectable<EventEndpointsTable>;
export type DeliveryRow = Selectable<EventDeliveriesTable>;
export type AttemptRow = Selectable<EventDeliveryAttemptsTable>;

// ---- endpoints ----

export async function insertEndpoint(q: Kysely<Schema>, row: Insertable<EventEndpointsTable>): Promise<void> {
  await q.insertInto("event_endpoints").values(row).execute();
}

export function listEndpoints(q: Kysely<Schema>, orgId: string): Promise<EndpointRow[]> {
  return q
    .selectFrom("event_endpoints")
    .selectAll()
    .where("org_id", "=", orgId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findEndpoint(q: Kysely<Schema>, orgId: string, id: string): Promise<EndpointRow | undefined> {
  return q
    .selectFrom("event_endpoints")
    .selectAll()
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
}

/** The endpoint, locked until the transaction ends (PostgreSQL), so concurrent rotations queue. */
export function lockEndpoint(q: Kysely<Schema>, orgId: string, id: string): Promise<EndpointRow | undefined> {
  const query = q.selectFrom("event_endpoints").selectAll().where("id", "=", id).where("org_id", "=", orgId);
  return (isPostgresDb(q) ? query.forNoKeyUpdate() : query).executeTakeFirst();
}

export async function countEndpoints(q: Kysely<Schema>, orgId: string): Promise<number> {
  const r = await q
    .selectFrom("event_endpoints")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("org_id", "=", orgId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function updateEndpoint(
  q: Kysely<Schema>,
  orgId: string,
  id: string,
  patch: Updateable<EventEndpointsTable>,
): Promise<boolean> {
  const r = await q
    .updateTable("event_endpoints")
    .set(patch)
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteEndpoint(q: Kysely<Schema>, orgId: string, id: string): Promise<boolean> {
  const r = await q.deleteFrom("event_endpoints").where("id", "=", id).where("org_id", "=", orgId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The organisation's enabled endpoints and what they subscribe to (at most 20 rows). */
export function enabledEndpoints(q: Kysely<Schema>, orgId: string) {
  return q
    .selectFrom("event_endpoints")
    .select(["id", "events"])
    .where("org_id", "=", orgId)
    .where("enabled", "=", 1)
    .execute();
}

// ---- the outbox ----

export async function insertEvent(q: Kysely<Schema>, row: Insertable<EventsTable>): Promise<void> {
  await q.insertInto("events").values(row).execute();
}

export async function insertDeliveries(
  q: Kysely<Schema>,
  rows: Array<Insertable<EventDeliveriesTable>>,
): Promise<void> {
  if (rows.length > 0) await q.insertInto("event_deliveries").values(rows).execute();
}

// ---- the delivery log ----

export type DeliveryKey = [createdAt: number, id: string];

/** An endpoint's deliveries, newest first, with their event's type (one range of the list index). */
export function listDeliveries(
  q: Kysely<Schema>,
  orgId: string,
  endpointId: string,
  opts: { limit: number; offset: number; after: DeliveryKey | null },
) {
  let base = q
    .selectFrom("event_deliveries as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .select(["d.id", "d.event_id", "d.status", "d.next_attempt_at", "d.created_at", "e.type"])
    .where("d.endpoint_id", "=", endpointId)
    .where("d.org_id", "=", orgId);
  if (opts.after) {
    const [c, id] = opts.after;
    base = base.where((eb) =>
      eb.or([eb("d.created_at", "<", c), eb.and([eb("d.created_at", "=", c), eb("d.id", "<", id)])]),
    );
  }
  return base.orderBy("d.created_at", "desc").orderBy("d.id", "desc").limit(opts.limit).offset(opts.offset).execute();
}

export function findDelivery(q: Kysely<Schema>, orgId: string, endpointId: string, id: string) {
  return q
    .selectFrom("event_deliveries as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .select([
      "d.id",
      "d.event_id",
      "d.status",
      "d.next_attempt_at",
      "d.created_at",
      "d.attempts",
      "d.claimed_until",
      "e.type",
    ])
    .where("d.id", "=", id)
    .where("d.endpoint_id", "=", endpointId)
    .where("d.org_id", "=", orgId)
    .executeTakeFirst();
}

export function attemptsOf(q: Kysely<Schema>, deliveryIds: readonly string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom("event_delivery_attempts")
    .selectAll()
    .where("delivery_id", "in", deliveryIds)
    .orderBy("delivery_id")
    .orderBy("attempt")
    .execute();
}

/** Starts a new round of the retry schedule on a finished delivery (resend); false if it is pending. */
export async function requeueDelivery(q: Kysely<Schema>, orgId: string, id: string, now: number): Promise<boolean> {
  const r = await q
    .updateTable("event_deliveries")
    .set((eb) => ({
      status: "pending",
      next_attempt_at: now,
      round_start: eb.ref("attempts"),
      claimed_by: null,
      claimed_until: null,
    }))
    .where("id", "=", id)
    .where("org_id", "=", orgId)
    .where("status", "!=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- the dispatcher ----

/** Endpoints with due deliveries, the longest-waiting first (the due index: status, next_attempt_at). */
export function dueEndpoints(q: Kysely<Schema>, now: number, limit: number, exclude: readonly string[]) {
  let base = q
    .selectFrom("event_deliveries")
    .select(["endpoint_id", "org_id"])
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now);
  if (exclude.length > 0) base = base.where("endpoint_id", "not in", exclude);
  return base
    .groupBy(["endpoint_id", "org_id"])
    .orderBy((eb) => eb.fn.min("next_attempt_at"), "asc")
    .limit(limit)
    .execute();
}

/**
 * Locks the enabled endpoints among `ids` for this claim. On PostgreSQL `FOR UPDATE SKIP LOCKED`:
 * an endpoint another instance is claiming for right now is skipped rather than waited for, and its
 * in-flight count cannot change under us. SQLite has one writer at a time, which gives the same.
 */
export function lockEnabledEndpoints(q: Kysely<Schema>, dialect: DialectName, ids: readonly string[]) {
  return q
    .selectFrom("event_endpoints")
    .select(["id", "org_id"])
    .where("id", "in", ids)
    .where("enabled", "=", 1)
    .$if(dialect === "postgres", (qb) => qb.forUpdate().skipLocked())
    .execute();
}

/** SQLite: take the write lock first (the busy timeout then waits), so a read never has to be upgraded. */
export async function takeSqliteWriteLock(q: Kysely<Schema>): Promise<void> {
  await q
    .updateTable("event_endpoints")
    .set((eb) => ({ updated_at: eb.ref("updated_at") }))
    .where("id", "=", "")
    .execute();
}

/** Deliveries of these endpoints under a live claim, on any instance. */
export async function inFlightCounts(
  q: Kysely<Schema>,
  endpointIds: readonly string[],
  now: number,
): Promise<Map<string, number>> {
  const rows = await q
    .selectFrom("event_deliveries")
    .select((eb) => ["endpoint_id", eb.fn.countAll<number>().as("n")])
    .where("endpoint_id", "in", endpointIds)
    .where("status", "=", "pending")
    .where("claimed_until", ">", now)
    .groupBy("endpoint_id")
    .execute();
  return new Map(rows.map((r) => [r.endpoint_id, Number(r.n)]));
}

/**
 * Claims up to `limit` due deliveries of one endpoint: the lease moves `next_attempt_at` past now, so
 * no other scan sees them until it expires (a crashed instance's claims come back by themselves).
 * Two statements on purpose: PostgreSQL may evaluate an `IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`
 * subquery more than once and so claim more than n rows.
 */
export async function claimDue(
  q: Kysely<Schema>,
  dialect: DialectName,
  endpointId: string,
  now: number,
  limit: number,
  claim: { by: string; until: number },
) {
  const picked = await q
    .selectFrom("event_deliveries")
    .select("id")
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .limit(limit)
    .$if(dialect === "postgres", (qb) => qb.forUpdate().skipLocked())
    .execute();
  if (picked.length === 0) return [];
  return q
    .updateTable("event_deliveries")
    .set({ claimed_by: claim.by, claimed_until: claim.until, next_attempt_at: claim.until })
    .where(
      "id",
      "in",
      picked.map((r) => r.id),
    )
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .returning(["id"])
    .execute();
}

/** What a claimed delivery needs to be sent: its event, the endpoint's URL and sealed secrets. */
export function loadClaimed(q: Kysely<Schema>, ids: readonly string[]) {
  return q
    .selectFrom("event_deliveries as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .innerJoin("event_endpoints as p", "p.id", "d.endpoint_id")
    .select([
      "d.id",
      "d.attempts",
      "d.round_start",
      "d.endpoint_id",
      "d.org_id",
      "e.id as event_id",
      "e.type",
      "e.payload",
      "e.created_at as event_created_at",
    ])
    .select(["p.url", "p.secret_enc", "p.previous_secret_enc", "p.previous_secret_expires_at"])
    .where("d.id", "in", ids)
    .execute();
}
export type ClaimedDelivery = Awaited<ReturnType<typeof loadClaimed>>[number];

/**
 * Records the outcome of attempt `attempt`, only if this dispatcher still holds the claim: a claim
 * that expired and was taken over is not overwritten. False when the claim was lost.
 */
export async function settleDelivery(
  q: Kysely<Schema>,
  d: { id: string; by: string; attempt: number },
  next: { status: "pending" | "delivered" | "failed"; nextAttemptAt: number | null },
): Promise<boolean> {
  const r = await q
    .updateTable("event_deliveries")
    .set({
      status: next.status,
      next_attempt_at: next.nextAttemptAt,
      attempts: d.attempt,
      claimed_by: null,
      claimed_until: null,
    })
    .where("id", "=", d.id)
    .where("claimed_by", "=", d.by)
    .where("attempts", "=", d.attempt - 1)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertAttempt(q: Kysely<Schema>, row: Insertable<EventDeliveryAttemptsTable>): Promise<void> {
  await q.insertInto("event_delivery_attempts").values(row).execute();
}

export async function markEndpointHealthy(q: Kysely<Schema>, endpointId: string): Promise<void> {
  await q
    .updateTable("event_endpoints")
    .set({ failing_since: null })
    .where("id", "=", endpointId)
    .where("failing_since", "is not", null)
    .execute();
}

/** Notes a failure; returns the endpoint's failing_since and whether it is still enabled. */
export async function markEndpointFailing(q: Kysely<Schema>, endpointId: string, now: number) {
  await q
    .updateTable("event_endpoints")
    .set({ failing_since: now })
    .where("id", "=", endpointId)
    .where("failing_since", "is", null)
    .execute();
  return q
    .selectFrom("event_endpoints")
    .select(["failing_since", "enabled"])
    .where("id", "=", endpointId)
    .executeTakeFirst();
}

/** Disables an endpoint and fails its waiting deliveries (those in flight settle themselves). True if it was enabled. */
export async function disableEndpoint(
  q: Kysely<Schema>,
  endpointId: string,
  reason: "gone" | "failing",
  now: number,
): Promise<boolean> {
  const r = await q
    .updateTable("event_endpoints")
    .set({ enabled: 0, disabled_reason: reason, updated_at: now })
    .where("id", "=", endpointId)
    .where("enabled", "=", 1)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await q
    .updateTable("event_deliveries")
    .set({ status: "failed", next_attempt_at: null })
    .where("endpoint_id", "=", endpointId)
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
    .execute();
  return true;
}
