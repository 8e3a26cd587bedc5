import { okResponse } from "../../../contract/common.js";
import {
  createEventEndpointRequest,
  createEventEndpointResponse,
  deliveryIdParams,
  deliveryListQuery,
  deliveryListResponse,
  endpointIdParams,
  eventEndpointListResponse,
  eventEndpointResponse,
  eventSecretResponse,
  testEventResponse,
  updateEventEndpointRequest,
} from "../../../contract/events.js";
import { defineRoute, type RouteDefinition } from "../../platform/route-table.js";
import type { EventsService } from "./events.service.js";

const tags = ["events"];
// Endpoints receive the organisation's events and hold a signing secret: the webhook's permission.
// Subscribing (and resending) also needs each event's read right (contract/event-rights.ts), checked
// by the service since it depends on the events named.
const access = { permissions: ["Organisation.SetWebhook"] } as const;

export function eventsRoutes(events: EventsService): RouteDefinition[] {
  return [
    defineRoute({
      method: "POST",
      url: "/api/event-endpoint",
      schema: {
        tags,
        summary: "Add an event endpoint; its signing secret is shown once, in this answer",
        body: createEventEndpointRequest,
        response: { 201: createEventEndpointResponse },
      },
      access,
      idempotent: true,
      cache: "no-store",
      // 409 quota_exceeded past the organisation's endpoints limit (idempotency already documents 409).
      handler: async (req, actor, reply) => reply.code(201).send(await events.create(actor, req.body)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/event-endpoint",
      schema: {
        tags,
        summary: "The organisation's event endpoints (never their secrets)",
        response: { 200: eventEndpointListResponse },
      },
      access,
      handler: async (_req, actor) => events.list(actor),
    }),
    defineRoute({
      method: "GET",
      url: "/api/event-endpoint/:id",
      schema: {
        tags,
        summary: "One event endpoint",
        params: endpointIdParams,
        response: { 200: eventEndpointResponse },
      },
      access,
      namesObject: true,
      handler: async (req, actor) => events.get(actor, req.params.id),
    }),
    defineRoute({
      method: "PUT",
      url: "/api/event-endpoint/:id",
      schema: {
        tags,
        summary: "Change an endpoint's URL, events, description, or enable/disable it",
        params: endpointIdParams,
        body: updateEventEndpointRequest,
        response: { 200: eventEndpointResponse },
      },
      access,
      namesObject: true,
      handler: async (req, actor) => events.update(actor, req.params.id, req.body),
    }),
    defineRoute({
      method: "DELETE",
      url: "/api/event-endpoint/:id",
      schema: {
        tags,
        summary: "Delete an event endpoint and its delivery log",
        params: endpointIdParams,
        response: { 200: okResponse },
      },
      access,
      namesObject: true,
      handler: async (req, actor) => {
        await events.remove(actor, req.params.id);
        return { ok: true as const };
      },
    }),
    defineRoute({
      method: "GET",
      url: "/api/event-endpoint/:id/secret",
      schema: {
        tags,
        summary: "Reveal an endpoint's signing secret (audited)",
        params: endpointIdParams,
        response: { 200: eventSecretResponse },
      },
      access,
      namesObject: true,
      cache: "no-store",
      handler: async (req, actor) => events.revealSecret(actor, req.params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/event-endpoint/:id/secret/rotate",
      schema: {
        tags,
        summary: "Replace the signing secret; the old one keeps signing beside it for 24 hours (audited)",
        params: endpointIdParams,
        response: { 200: eventSecretResponse },
      },
      access,
      namesObject: true,
      cache: "no-store",
      handler: async (req, actor) => events.rotateSecret(actor, req.params.id),
    }),
    defineRoute({
      method: "POST",
      url: "/api/event-endpoint/:id/test",
      schema: {
        tags,
        summary: "Queue a ping event to this endpoint only",
        params: endpointIdParams,
        response: { 202: testEventResponse },
      },
      access,
      namesObject: true,
      // 409: the endpoint is disabled; 429: more than 10 test events a minute (per organisation).
      openapi: { errors: [409, 429] },
      handler: async (req, actor, reply) => reply.code(202).send(await events.sendTest(actor, req.params.id)),
    }),
    defineRoute({
      method: "GET",
      url: "/api/event-endpoint/:id/deliveries",
      schema: {
        tags,
        summary: "The endpoint's deliveries with their attempts, newest first",
        params: endpointIdParams,
        querystring: deliveryListQuery,
        response: { 200: deliveryListResponse },
      },
      access,
      namesObject: true,
      handler: async (req, actor) => events.listDeliveries(actor, req.params.id, req.query),
    }),
    defineRoute({
      method: "POST",
      url: "/api/event-endpoint/:id/deliveries/:deliveryId/resend",
      schema: {
        tags,
        summary: "Send a delivery again (same webhook-id), with a fresh round of retries",
        params: deliveryIdParams,
        response: { 202: okResponse },
      },
      access,
      namesObject: true,
      // 409: the endpoint is disabled, or the delivery is being attempted right now.
      openapi: { errors: [409] },
      handler: async (req, actor, reply) => {
        await events.resend(actor, req.params.id, req.params.deliveryId);
        return reply.code(202).send({ ok: true as const });
      },
    }),
  ];
}
