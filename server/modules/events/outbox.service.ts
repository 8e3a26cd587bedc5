import type { Db } from "../../db/handle.js";
import type { EventType } from "../../../contract/events.js";
import { systemClock, type Clock } from "../../platform/clock.js";
import { newId } from "../../platform/ids.js";
import { recordEventChange } from "../../platform/live-feed.js";
import { enabledEndpoints, insertDeliveries, insertEvent } from "./events.repo.js";

export interface EventInput {
  orgId: string;
  type: EventType;
  /** Ids, names and states; never a secret (it is stored and sent as is). */
  data: Record<string, unknown>;
  /** Only this endpoint (the "send test" ping), whatever it subscribes to. */
  endpointId?: string;
}

/** True when an endpoint subscribed to `events` (JSON list) wants `type`. */
export function subscribes(events: string, type: EventType): boolean {
  const list = JSON.parse(events) as string[];
  return list.includes("*") || list.includes(type);
}

/**
 * Writes an event and one pending delivery per enabled endpoint that wants it, inside the caller's
 * transaction: the event exists exactly when the change that caused it commits (the outbox), so a
 * crash between the change and the send loses nothing. The dispatcher sends it after the commit.
 * Other modules call it from their own services (a module is reached through its *.service.ts).
 */
export async function enqueueEvent(
  trx: Db,
  input: EventInput,
  clock: Clock = systemClock,
): Promise<{ eventId: string; deliveries: number }> {
  const now = clock.now();
  // Open dashboards hear of it too (the live-update feed), whether or not any endpoint does.
  if (input.endpointId === undefined) await recordEventChange(trx, input, now);
  const endpoints = (await enabledEndpoints(trx, input.orgId)).filter((e) =>
    input.endpointId !== undefined
      ? e.id === input.endpointId
      : input.type !== "ping" && subscribes(e.events, input.type),
  );
  const eventId = newId();
  // An event nobody receives is not kept: the outbox holds only work.
  if (endpoints.length === 0) return { eventId, deliveries: 0 };
  await insertEvent(trx, {
    id: eventId,
    org_id: input.orgId,
    type: input.type,
    payload: JSON.stringify(input.data),
    created_at: now,
  });
  await insertDeliveries(
    trx,
    endpoints.map((e) => ({
      id: newId(),
      event_id: eventId,
      endpoint_id: e.id,
      org_id: input.orgId,
      status: "pending" as const,
      next_attempt_at: now,
      created_at: now,
    })),
  );
  return { eventId, deliveries: endpoints.length };
}
