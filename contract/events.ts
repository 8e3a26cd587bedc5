import { z } from "zod";
import { idInput, isoDate, safeText, uuid } from "./common.js";
import { EVENT_TYPE_NAMES, EVENT_URL_MAX_LENGTH, isEventType } from "./event-types.js";
import { nextCursor, pageQuery } from "./pagination.js";

/**
 * Event endpoints: an organisation's receivers of signed events (Standard Webhooks form), with
 * at-least-once delivery and a delivery log. The event catalogue is plain data (event-types.ts), so
 * the server's checks, the dashboard's picker and the documentation share one list.
 */
export {
  EVENT_TYPES,
  EVENT_TYPE_NAMES,
  isEventType,
  DEFAULT_EVENT_ENDPOINTS,
  EVENT_URL_MAX_LENGTH,
  EVENT_SECRET_PREFIX,
  type EventType,
} from "./event-types.js";

/** `["*"]` (every event) or a non-empty list of known names; unknown names are refused by name. */
export const eventSubscription = z
  .array(z.string({ error: "events must be strings" }), { error: "events must be an array" })
  .min(1, { message: 'events must name at least one event, or be ["*"]' })
  .max(EVENT_TYPE_NAMES.length + 1, { message: "events has too many entries" })
  .superRefine((list, ctx) => {
    if (list.includes("*") && list.length > 1)
      ctx.addIssue({ code: "custom", message: '"*" must be the only entry of events' });
    const unknown = list.filter((e) => e !== "*" && !isEventType(e));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `unknown event ${unknown.map((u) => JSON.stringify(u)).join(", ")}; known events: ${EVENT_TYPE_NAMES.join(", ")}`,
      });
    }
  })
  .transform((list) => [...new Set(list)]);

const endpointUrl = z
  .string({ error: "url must be a string" })
  .trim()
  .min(1, { message: "url must not be empty" })
  .max(EVENT_URL_MAX_LENGTH, { message: `url must be at most ${EVENT_URL_MAX_LENGTH} characters` });
const description = safeText("description", 200);

export const createEventEndpointRequest = z
  .object({ url: endpointUrl, events: eventSubscription, description: description.optional() })
  .strict();
export type CreateEventEndpointRequest = z.infer<typeof createEventEndpointRequest>;

export const updateEventEndpointRequest = z
  .object({
    url: endpointUrl.optional(),
    events: eventSubscription.optional(),
    description: description.nullable().optional(),
    enabled: z.boolean({ error: "enabled must be true or false" }).optional(),
  })
  .strict();
export type UpdateEventEndpointRequest = z.infer<typeof updateEventEndpointRequest>;

export const DISABLED_REASONS = ["gone", "failing"] as const;

export const eventEndpointResponse = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  enabled: z.boolean(),
  createdAt: isoDate,
  failingSince: isoDate.nullable().describe("first failure of the current run of failures; null after a success"),
  disabledReason: z
    .enum(DISABLED_REASONS)
    .nullable()
    .describe("gone: the receiver answered 410; failing: 5 days of failures"),
});
export type EventEndpointResponse = z.infer<typeof eventEndpointResponse>;

export const eventEndpointListResponse = z.object({ endpoints: z.array(eventEndpointResponse) });
export const createEventEndpointResponse = z.object({ endpoint: eventEndpointResponse, secret: z.string() });
export const eventSecretResponse = z.object({
  secret: z.string().describe("whsec_<base64 of 32 bytes>; shown on request, never logged"),
});

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryAttemptResponse = z.object({
  at: isoDate,
  responseStatus: z.number().int().nullable().describe("the receiver's HTTP status; null when no answer came"),
  latencyMs: z.number(),
  error: z.string().nullable().describe("why the attempt failed without an answer (timeout, blocked, network)"),
});

export const deliveryResponse = z.object({
  id: uuid,
  eventId: z.string().describe("the webhook-id header of every attempt"),
  type: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.array(deliveryAttemptResponse),
  nextAttemptAt: isoDate.nullable(),
});
export type DeliveryResponse = z.infer<typeof deliveryResponse>;

export const deliveryListQuery = z.object(pageQuery(35));
export const deliveryListResponse = z.object({ deliveries: z.array(deliveryResponse), next: nextCursor });
/** Ids a client sends: other text reads as "not found" (404), like another organisation's id. */
export const endpointIdParams = z.object({ id: idInput }).strict();
export const deliveryIdParams = z.object({ id: idInput, deliveryId: idInput }).strict();
/** The answer to "send test": the queued ping's id, which its webhook-id header carries. */
export const testEventResponse = z.object({ eventId: z.string().describe("the webhook-id of the queued ping") });
