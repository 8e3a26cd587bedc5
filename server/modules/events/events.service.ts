import { inTransaction, type Db } from "../../db/handle.js";
import { z } from "zod";
import {
  type CreateEventEndpointRequest,
  type DeliveryResponse,
  type EventEndpointResponse,
  type UpdateEventEndpointRequest,
} from "../../../contract/events.js";
import type { Actor } from "../../platform/actor.js";
import { writeAudit, type AuditInput } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import type { Cursors, PageQuery } from "../../platform/cursor.js";
import { conflict, notFound, tooManyRequests } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { createFailureLimiter } from "../../platform/rate-limit.js";
import { enforceQuota } from "../../platform/quota.js";
import type { Keyring } from "../../platform/keyring.js";
import { checkWebhookUrl } from "../../platform/webhook-url.js";
import * as repo from "./events.repo.js";
import { presentDelivery, presentEndpoint } from "./events.presenter.js";
import { enqueueEvent } from "./outbox.service.js";
import { newEventSecret, ROTATION_OVERLAP_MS } from "./signing.js";
import { requireSubscriptionRights } from "./subscription-rights.js";

export interface EventsServiceDeps {
  db: Db;
  clock: Clock;
  keyring: Keyring;
  cursors: Cursors;
  /** The webhook's URL rules (ORGDECK_WEBHOOK_ALLOW_PRIVATE, ORGDECK_WEBHOOK_PORTS). */
  allowPrivate: boolean;
  ports: readonly number[] | "any";
  /** Wakes the dispatcher after a commit that queued deliveries. */
  notify?: () => void;
}

const deliveryKey = z.tuple([z.number().int(), z.string().max(64)]);

/**
 * Who acts: the request's caller (routes), or an organisation id acting as the system (the engine's
 * own tests, scripts). Either way the change is audited in its transaction.
 */
export type EventsCaller = Actor | string;
const orgOf = (c: EventsCaller) => (typeof c === "string" ? c : c.orgId);
const auditActor = (c: EventsCaller): AuditInput["actor"] => (typeof c === "string" ? { kind: "system" } : c);

/** The dispatcher's onDisabled hook: a 410 or 5 days of failure disabled an endpoint (same transaction). */
export function auditEndpointDisabled(clock: Clock) {
  return (trx: Db, e: { orgId: string; endpointId: string; reason: "gone" | "failing" }) =>
    writeAudit(trx, {
      orgId: e.orgId,
      actor: { kind: "system", label: "event dispatcher" },
      action: "event_endpoint_disabled",
      target: e.endpointId,
      detail: { reason: e.reason },
      at: clock.now(),
    });
}

/** Event endpoints of an organisation: CRUD, secrets with a rotation overlap, test pings, the delivery log. */
export function createEventsService(deps: EventsServiceDeps) {
  const { db, clock, keyring } = deps;
  const checkUrl = (url: string) => checkWebhookUrl(url, deps.allowPrivate, deps.ports as number[] | "any");
  // As the organisation webhook's "Send test": kept in the database, so the limit holds across instances.
  const testSends = createFailureLimiter(db, clock, { max: 10, windowMs: 60_000, blockMs: 60_000 });
  // Another organisation's endpoint reads exactly like a random id.
  async function found(orgId: string, id: string): Promise<repo.EndpointRow> {
    const row = await repo.findEndpoint(db, orgId, id);
    if (!row) throw notFound("Event endpoint");
    return row;
  }

  const audit = (
    trx: Db,
    by: EventsCaller,
    action: AuditInput["action"],
    target: string,
    detail?: Record<string, unknown>,
  ) =>
    writeAudit(trx, {
      orgId: orgOf(by),
      actor: auditActor(by),
      action,
      target,
      ...(detail ? { detail } : {}),
      at: clock.now(),
    });

  return {
    async create(
      by: EventsCaller,
      input: CreateEventEndpointRequest,
    ): Promise<{ endpoint: EventEndpointResponse; secret: string }> {
      const orgId = orgOf(by);
      requireSubscriptionRights(by, input.events);
      const url = checkUrl(input.url);
      const secret = newEventSecret();
      const now = clock.now();
      const row = {
        id: newId(),
        org_id: orgId,
        url,
        events: JSON.stringify(input.events),
        description: input.description ?? null,
        enabled: 1,
        secret_enc: keyring.encrypt(secret),
        previous_secret_enc: null,
        previous_secret_expires_at: null,
        created_at: now,
        updated_at: now,
        failing_since: null,
        disabled_reason: null,
      } satisfies repo.EndpointRow;
      await inTransaction(db, async (trx) => {
        await repo.insertEndpoint(trx, row);
        await audit(trx, by, "event_endpoint_created", row.id, { url, events: input.events });
        await enforceQuota(trx, { orgId }, "endpoints", () => repo.countEndpoints(trx, orgId));
      });
      return { endpoint: presentEndpoint(row), secret };
    },

    async list(by: EventsCaller): Promise<{ endpoints: EventEndpointResponse[] }> {
      return { endpoints: (await repo.listEndpoints(db, orgOf(by))).map(presentEndpoint) };
    },

    async get(by: EventsCaller, id: string): Promise<EventEndpointResponse> {
      return presentEndpoint(await found(orgOf(by), id));
    },

    async update(by: EventsCaller, id: string, input: UpdateEventEndpointRequest): Promise<EventEndpointResponse> {
      const orgId = orgOf(by);
      const current = await found(orgId, id);
      // A new URL or new events are a new way to read the data: both need its read rights.
      if (input.url !== undefined || input.events !== undefined)
        requireSubscriptionRights(by, input.events ?? (JSON.parse(current.events) as string[]));
      const patch: Partial<repo.EndpointRow> = { updated_at: clock.now() };
      if (input.url !== undefined) patch.url = checkUrl(input.url);
      if (input.events !== undefined) patch.events = JSON.stringify(input.events);
      if (input.description !== undefined) patch.description = input.description;
      // Enabling again starts with a clean slate: the old run of failures no longer counts.
      if (input.enabled === true && current.enabled !== 1)
        Object.assign(patch, { enabled: 1, failing_since: null, disabled_reason: null });
      if (input.enabled === false) patch.enabled = 0;
      await inTransaction(db, async (trx) => {
        if (!(await repo.updateEndpoint(trx, orgId, id, patch))) throw notFound("Event endpoint");
        // Which fields changed, not their values beyond the URL and events (no secrets here anyway).
        await audit(trx, by, "event_endpoint_updated", id, { ...input });
      });
      return presentEndpoint({ ...current, ...patch });
    },

    async remove(by: EventsCaller, id: string): Promise<void> {
      await inTransaction(db, async (trx) => {
        if (!(await repo.deleteEndpoint(trx, orgOf(by), id))) throw notFound("Event endpoint");
        await audit(trx, by, "event_endpoint_deleted", id);
      });
    },

    /** Records that the secret was shown, never the secret itself. */
    async revealSecret(by: EventsCaller, id: string): Promise<{ secret: string }> {
      const row = await found(orgOf(by), id);
      await audit(db, by, "event_endpoint_secret_revealed", id);
      return { secret: keyring.decrypt(row.secret_enc) };
    },

    /**
     * A new secret; the old one keeps signing alongside for 24 hours, so receivers can switch over.
     * Read and written under the endpoint's row lock: of concurrent rotations each keeps the secret
     * the one before it returned, so the overlap never holds a secret no caller was given.
     */
    async rotateSecret(by: EventsCaller, id: string): Promise<{ secret: string }> {
      const orgId = orgOf(by);
      const secret = newEventSecret();
      const sealed = keyring.encrypt(secret);
      await inTransaction(db, async (trx) => {
        const current = await repo.lockEndpoint(trx, orgId, id);
        if (!current) throw notFound("Event endpoint");
        const now = clock.now();
        await repo.updateEndpoint(trx, orgId, id, {
          secret_enc: sealed,
          previous_secret_enc: current.secret_enc,
          previous_secret_expires_at: now + ROTATION_OVERLAP_MS,
          updated_at: now,
        });
        await audit(trx, by, "event_endpoint_secret_rotated", id);
      });
      return { secret };
    },

    /** Queues a `ping` to this endpoint only. */
    async sendTest(by: EventsCaller, id: string): Promise<{ eventId: string }> {
      const orgId = orgOf(by);
      const endpoint = await found(orgId, id);
      if (endpoint.enabled !== 1) throw conflict("the endpoint is disabled; enable it first");
      const key = `event-test:${orgId}`;
      const wait = await testSends.blockedFor(key);
      if (wait > 0) throw tooManyRequests(wait, "Too many test events. Try again in a minute.");
      await testSends.fail(key);
      const { eventId } = await inTransaction(db, (trx) =>
        enqueueEvent(trx, { orgId, type: "ping", data: { endpointId: id }, endpointId: id }, clock),
      );
      deps.notify?.();
      return { eventId };
    },

    async listDeliveries(
      by: EventsCaller,
      id: string,
      query: PageQuery,
    ): Promise<{ deliveries: DeliveryResponse[]; next: string | null }> {
      const orgId = orgOf(by);
      await found(orgId, id);
      const scope = { route: "event-deliveries", orgId, filter: { endpoint: id } };
      const page = deps.cursors.page(scope, query, deliveryKey);
      const rows = await repo.listDeliveries(db, orgId, id, { ...page, limit: page.limit + 1 });
      const shown = rows.slice(0, page.limit);
      const attempts = await repo.attemptsOf(
        db,
        shown.map((r) => r.id),
      );
      return {
        deliveries: shown.map((r) =>
          presentDelivery(
            r,
            attempts.filter((a) => a.delivery_id === r.id),
          ),
        ),
        next: deps.cursors.next(scope, rows, page.limit, (r) => [r.created_at, r.id] as [number, string]),
      };
    },

    /** Sends a delivery again (same webhook-id), starting a fresh round of the retry schedule. */
    async resend(by: EventsCaller, id: string, deliveryId: string): Promise<void> {
      const orgId = orgOf(by);
      const endpoint = await found(orgId, id);
      const delivery = await repo.findDelivery(db, orgId, id, deliveryId);
      if (!delivery) throw notFound("Delivery");
      requireSubscriptionRights(by, [delivery.type]);
      if (endpoint.enabled !== 1) throw conflict("the endpoint is disabled; enable it first");
      if (!(await repo.requeueDelivery(db, orgId, deliveryId, clock.now())))
        throw conflict("the delivery is still being attempted");
      deps.notify?.();
    },
  };
}
export type EventsService = ReturnType<typeof createEventsService>;
