import type { DeliveryResponse, EventEndpointResponse } from "../../../contract/events.js";
import { toIso } from "../../platform/clock.js";
import type { AttemptRow, EndpointRow } from "./events.repo.js";

/** The only shapes a client sees: never a sealed secret, a claim or a lease. */
export function presentEndpoint(row: EndpointRow): EventEndpointResponse {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    description: row.description,
    enabled: row.enabled === 1,
    createdAt: toIso(row.created_at),
    failingSince: row.failing_since === null ? null : toIso(row.failing_since),
    disabledReason: row.disabled_reason,
  };
}

export function presentDelivery(
  row: {
    id: string;
    event_id: string;
    type: string;
    status: DeliveryResponse["status"];
    next_attempt_at: number | null;
  },
  attempts: readonly AttemptRow[],
): DeliveryResponse {
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: attempts.map((a) => ({
      at: toIso(a.at),
      responseStatus: a.response_status,
      latencyMs: a.latency_ms,
      error: a.error,
    })),
    // A claimed delivery's next_attempt_at is its lease, not a scheduled attempt.
    nextAttemptAt: row.status === "pending" && row.next_attempt_at !== null ? toIso(row.next_attempt_at) : null,
  };
}
