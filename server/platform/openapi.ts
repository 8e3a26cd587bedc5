import type { FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorResponse } from "../../contract/errors.js";
import type { AccessRule } from "./access-hook.js";
import type { ActorKind } from "./actor.js";

/**
 * The OpenAPI document is derived from the routes, not written by hand: operationIds from method and
 * path, `security` from each route's access rule, and the error responses (all the one `Error`
 * shape) from what the platform does to every request of that kind. A route adds only what cannot
 * be derived, in `config.openapi`.
 */
type JsonSchema = Record<string, unknown>;
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 416 | 422 | 429 | 500 | 503;

/** A response described for the document only (files, plain text, empty answers); never used to serialize. */
export interface DocResponse {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
}

export interface RouteDoc {
  /** Error statuses the route's service can answer beyond the derived ones (403 of public routes, 409, 410, 429…). */
  errors?: readonly ErrorStatus[];
  /** Responses the route sends without a zod schema; they replace derived ones of the same status. */
  responses?: Record<number, DocResponse>;
  /** The request body as the document shows it when it is not JSON. */
  body?: { contentType: string; schema: JsonSchema };
}

declare module "fastify" {
  interface FastifyContextConfig {
    openapi?: RouteDoc;
  }
}

type Header = { description: string; schema: JsonSchema };
const RETRY_AFTER: Record<string, Header> = {
  "Retry-After": { description: "Seconds to wait before retrying", schema: { type: "integer", minimum: 1 } },
};

const ERRORS: Record<ErrorStatus, { name: string; description: string; headers?: Record<string, Header> }> = {
  400: {
    name: "BadRequest",
    description: "Malformed or invalid input (validation_failed, bad_request, invalid_cursor, offset_too_large)",
  },
  401: { name: "Unauthorized", description: "Missing, malformed or unknown credential (unauthorized)" },
  403: {
    name: "Forbidden",
    description:
      "The credential lacks a permission this route needs (forbidden), or the organisation lacks a package (package_required) or analytics level (analytics_level)",
  },
  404: { name: "NotFound", description: "No such object in the caller's organisation (not_found)" },
  409: {
    name: "Conflict",
    description:
      "The change conflicts with the current state (conflict, last_admin, quota_exceeded, idempotency_in_progress)",
  },
  410: { name: "Gone", description: "The link or step is no longer usable (gone, setup_done)" },
  412: {
    name: "PreconditionFailed",
    description: "If-Match or If-Unmodified-Since does not hold for the file (precondition_failed)",
  },
  413: { name: "PayloadTooLarge", description: "The body is larger than 64 KiB (payload_too_large)" },
  415: { name: "UnsupportedMediaType", description: "The body is not application/json (unsupported_media_type)" },
  416: {
    name: "RangeNotSatisfiable",
    description: "The Range lies outside the file (range_not_satisfiable)",
    headers: { "Content-Range": { description: "bytes */size", schema: { type: "string" } } },
  },
  422: {
    name: "UnprocessableContent",
    description: "The Idempotency-Key was used for a different request (idempotency_key_reused)",
  },
  429: {
    name: "TooManyRequests",
    description: "Too many attempts; wait as Retry-After says (rate_limited)",
    headers: RETRY_AFTER,
  },
  500: { name: "InternalError", description: "Unexpected failure; the message names a request id (internal_error)" },
  503: {
    name: "Unavailable",
    description: "The database is unreachable for now; retry after Retry-After (unavailable)",
    headers: RETRY_AFTER,
  },
};

const SCHEMES_OF: Record<ActorKind, string[]> = { user: ["bintuToken", "bearer"], apiKey: ["apiKey"], playerKey: [] };
const MARK = "x-orgdeck";
type Mark = { errors: ErrorStatus[]; responses?: RouteDoc["responses"]; body?: RouteDoc["body"] };

/** The statuses every route of this kind can answer, whatever its service does. */
function derivedErrors(
  url: string,
  method: string[],
  rule: AccessRule | undefined,
  config: { idempotent?: boolean },
): ErrorStatus[] {
  const errors: ErrorStatus[] = [400, 500]; // a NUL in the URL, or credentials in the query string
  if (rule) errors.push(401); // a carried credential that is malformed or unknown, even on a public route
  if (rule && !("public" in rule)) errors.push(403);
  if (/:\w/.test(url)) errors.push(404);
  // Fastify reads the body of any request but a GET or HEAD, whether the route takes one or not: one over
  // the limit is 413, one no parser takes (JSON, or the route's own type) 415.
  if (method.some((m) => m !== "GET" && m !== "HEAD")) errors.push(413, 415);
  if (config.idempotent) errors.push(409, 422);
  if (url.startsWith("/api/") || url.startsWith("/vod/")) errors.push(503);
  return errors;
}

/** fastify-swagger's per-route hook: zod → JSON Schema, then what the access rule and config say. */
export const transformRoute: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  if (!out.schema || (out.schema as { hide?: boolean }).hide) return out;
  const route = input.route as {
    method: string | string[];
    url: string;
    config?: { access?: AccessRule; idempotent?: boolean; openapi?: RouteDoc };
  };
  const config = route.config ?? {};
  const rule = config.access;
  const schema: Record<string, unknown> = { ...out.schema };
  if (!rule || "public" in rule) schema.security = [];
  else if (rule.credentials)
    schema.security = rule.credentials.flatMap((kind) => SCHEMES_OF[kind]).map((name) => ({ [name]: [] }));
  if (config.idempotent) {
    const header = {
      type: "string",
      minLength: 1,
      maxLength: 255,
      description: "Retry-safe creation: the same key and body within 24 h get the first answer again",
    };
    schema.headers = { type: "object", properties: { "idempotency-key": header } };
  }
  const methods = [route.method].flat().map(String);
  const errors = new Set([...derivedErrors(route.url, methods, rule, config), ...(config.openapi?.errors ?? [])]);
  const mark: Mark = {
    errors: [...errors].sort(),
    ...(config.openapi?.responses ? { responses: config.openapi.responses } : {}),
    ...(config.openapi?.body ? { body: config.openapi.body } : {}),
  };
  schema[MARK] = mark;
  return { ...out, schema };
};

type Operation = Record<string, unknown> & { responses?: Record<string, unknown>; operationId?: string };
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** `POST /api/stream/{id}/stop` → `postStreamByIdStop`: stable, unique, readable enough for generators. */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .split("/")
    .filter((s) => s && s !== "api")
    .flatMap((s) => (s.startsWith("{") ? ["by", s.slice(1, -1)] : [s]))
    .flatMap((s) => s.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/** fastify-swagger's whole-document hook: servers, the shared components, and each operation's errors. */
export function completeDocument(publicUrl: string) {
  return ({ openapiObject }: { openapiObject: Record<string, unknown> }) => {
    const doc = openapiObject as {
      paths?: Record<string, Record<string, Operation>>;
      components?: Record<string, Record<string, unknown>>;
    };
    const responses: Record<string, unknown> = {};
    for (const e of Object.values(ERRORS)) {
      responses[e.name] = {
        description: e.description,
        ...(e.headers ? { headers: e.headers } : {}),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const seen = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        const shared = item[method];
        if (!shared) continue;
        // GET and HEAD of one route share an object; each operation needs its own id.
        const op: Operation = { ...shared, responses: { ...shared.responses } };
        item[method] = op;
        const mark = op[MARK] as Mark | undefined;
        delete op[MARK];
        op.operationId = op.operationId && method !== "head" ? op.operationId : operationIdFor(method, path);
        if (seen.has(op.operationId)) throw new Error(`duplicate operationId ${op.operationId}`);
        seen.add(op.operationId);
        if (!mark) continue;
        if (mark.body)
          op.requestBody = { required: true, content: { [mark.body.contentType]: { schema: mark.body.schema } } };
        for (const status of mark.errors)
          op.responses![String(status)] ??= { $ref: `#/components/responses/${ERRORS[status].name}` };
        Object.assign(op.responses!, mark.responses);
      }
    }
    return nullableEnums({
      ...openapiObject,
      servers: [{ url: publicUrl, description: "This orgdeck server (PUBLIC_URL)" }],
      components: {
        ...doc.components,
        schemas: { ...doc.components?.schemas, Error: z.toJSONSchema(errorResponse, { target: "openapi-3.0" }) },
        responses,
      },
    });
  };
}

/**
 * OpenAPI 3.0.3 (and every validator: ajv, openapi-core, …) lets `nullable: true` admit null only if an
 * `enum` lists it too; zod's converter leaves it out. Applied to the whole document, so no schema —
 * derived or written by hand — can carry a nullable enum that refuses null.
 */
export function nullableEnums<T>(node: T): T {
  if (Array.isArray(node)) return node.map(nullableEnums) as T;
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = nullableEnums(v);
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out as T;
}

/** The options for @fastify/swagger. */
export function openapiOptions(opts: { publicUrl: string; version: string }): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: {
        title: "orgdeck API",
        version: opts.version,
        description:
          'Bintu-style organisation API. Credentials travel in headers: X-BINTU-TOKEN, Authorization: Bearer, or X-BINTU-APIKEY. Every error answer is `{"error": {"code", "message"}}`.',
        license: { name: "MIT", url: "https://opensource.org/licenses/MIT" },
      },
      components: {
        securitySchemes: {
          bintuToken: {
            type: "apiKey",
            in: "header",
            name: "X-BINTU-TOKEN",
            description: "A user's bintu token from POST /api/user/validate",
          },
          bearer: { type: "http", scheme: "bearer", description: "The same bintu token as a bearer token" },
          apiKey: {
            type: "apiKey",
            in: "header",
            name: "X-BINTU-APIKEY",
            description: "The organisation's API key (acts as nanoAdmin)",
          },
        },
      },
      security: [{ bintuToken: [] }, { bearer: [] }, { apiKey: [] }],
    },
    transform: transformRoute,
    transformObject: completeDocument(opts.publicUrl) as FastifyDynamicSwaggerOptions["transformObject"],
  };
}
