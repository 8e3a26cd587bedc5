import { z } from "zod";

/** Stable error codes of the API. The wire shape is `{ error: { code, message } }`. */
export const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "last_admin",
  "setup_done",
  "internal_error",
  "unavailable",
  "idempotency_key_reused",
  "idempotency_in_progress",
  "offset_too_large",
  "invalid_cursor",
  "quota_exceeded",
  "package_required",
  "precondition_failed",
  "range_not_satisfiable",
  "no_thumbnail",
  "analytics_level",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; requestId?: string };
}

/** The one error shape every route answers with; the OpenAPI document's `Error` component is made from it. */
export const errorResponse = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES).describe("Stable, machine-readable error code"),
    message: z.string().describe("Human-readable explanation"),
    requestId: z.string().optional().describe("Present on 500 answers: quote it when reporting the problem"),
  }),
});
