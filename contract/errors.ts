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
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; requestId?: string };
}
