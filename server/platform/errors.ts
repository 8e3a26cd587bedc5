import type { ErrorCode } from "../../contract/errors.js";

/** An error a service throws on purpose; the error handler turns it into `{error:{code,message}}`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string) => new AppError(400, "validation_failed", message);
export const unauthorized = (message = "Missing or invalid credentials") => new AppError(401, "unauthorized", message);
export const forbidden = (message = "You do not have permission to do this") => new AppError(403, "forbidden", message);
export const notFound = (what = "Resource") => new AppError(404, "not_found", `${what} not found`);
export const conflict = (message: string, code: ErrorCode = "conflict") => new AppError(409, code, message);
export const gone = (message: string) => new AppError(410, "gone", message);
export const tooManyRequests = (retryAfterSeconds: number, message = "Too many attempts. Try again later.") =>
  new AppError(429, "rate_limited", message, { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) });
export const unavailable = (message = "Service temporarily unavailable", retryAfterSeconds?: number) =>
  new AppError(503, "unavailable", message, retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {});
