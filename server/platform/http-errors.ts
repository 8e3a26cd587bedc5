import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import type { ApiErrorBody } from "../../contract/errors.js";
import { isDatabaseUnavailable } from "../db/database.js";
import { AppError, unavailable } from "./errors.js";

type Mapped = { status: number; body: ApiErrorBody; headers?: Record<string, string> };

const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: "payload_too_large", message: "Request body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "unsupported_media_type",
    message: "Content-Type must be application/json",
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: "bad_request",
    message: "Content-Length does not match the body",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "bad_request",
    message: "Body must not be empty when Content-Type is application/json",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: "bad_request", message: "Body is not valid JSON" },
};

/** Maps every error to `{error:{code,message}}`; 5xx details stay in the log, behind a request id. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const mapped = mapError(err, request.id);
    if (mapped.status >= 500) request.log.error({ err }, "request failed");
    else request.log.info({ status: mapped.status, code: mapped.body.error.code }, "request refused");
    void reply
      .code(mapped.status)
      .headers(mapped.headers ?? {})
      .send(mapped.body);
  });
}

function mapError(err: FastifyError, requestId: string): Mapped {
  if (err instanceof AppError) return fromAppError(err);
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const where = err.validationContext === "querystring" ? "query" : err.validationContext;
    const field = first?.instancePath ? first.instancePath.replace(/^\//, "").replace(/\//g, ".") : "";
    const keys = (first?.params as { keys?: string[] } | undefined)?.keys ?? [];
    let message = first?.message ?? "invalid input";
    if (first?.keyword === "unrecognized_keys")
      message = `unknown field${keys.length > 1 ? "s" : ""}: ${keys.join(", ")}`;
    return {
      status: 400,
      body: { error: { code: "validation_failed", message: field ? `${field}: ${message}` : `${where}: ${message}` } },
    };
  }
  if (isResponseSerializationError(err)) return internal(requestId);
  if (isDatabaseUnavailable(err))
    return fromAppError(unavailable(`The database is unavailable; try again shortly (request ${requestId})`, 5));
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } } };
  if (err.statusCode === 429)
    return { status: 429, body: { error: { code: "rate_limited", message: "Too many requests" } } };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return { status: err.statusCode, body: { error: { code: "bad_request", message: err.message } } };
  }
  return internal(requestId);
}

function fromAppError(err: AppError): Mapped {
  return { status: err.status, body: { error: { code: err.code, message: err.message } }, headers: err.headers };
}

function internal(requestId: string): Mapped {
  return {
    status: 500,
    body: { error: { code: "internal_error", message: `Internal server error (request ${requestId})`, requestId } },
  };
}
