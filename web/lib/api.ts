import type { ApiErrorBody } from "../../contract/errors.js";
import { endSession, getSession } from "./session.js";

/** An error answer of the API, carrying its status, stable code and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export const SESSION_ENDED = "Your session has expired or was revoked. Please log in again.";

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  /** Public calls (login, invite) never end the session (the server ignores the cookie on them). */
  anonymous?: boolean;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  // The session rides on the HttpOnly cookie; X-Requested-With is what the server asks of a
  // cookie-signed change (docs/SECURITY.md): another site's page cannot send it.
  const headers: Record<string, string> = { accept: "application/json", "x-requested-with": "orgdeck" };
  const session = opts.anonymous ? null : getSession();
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch {
    throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
  }
  // 204 (a revoke) carries no body.
  if (res.status === 204) return undefined as T;
  if (res.ok) return (await res.json()) as T;
  let body: ApiErrorBody | null = null;
  try {
    body = (await res.json()) as ApiErrorBody;
  } catch {
    body = null;
  }
  const retryAfter = res.headers.get("retry-after");
  const err = new ApiError(
    res.status,
    body?.error.code ?? "error",
    body?.error.message ?? `Request failed (${res.status})`,
    retryAfter ? Number(retryAfter) : null,
  );
  // The token expired or was revoked (logout elsewhere, role change, reset): the session is over.
  if (res.status === 401 && session) endSession(SESSION_ENDED);
  throw err;
}

export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return "Something went wrong";
  // The API names the field first ("webhook: webhook must be at most 2048 characters") for API clients;
  // beside the form, the sentence alone reads better: "Webhook must be at most 2048 characters."
  if (err instanceof ApiError && err.code === "validation_failed") {
    const m = /^[\w.[\]-]+: (.+)$/s.exec(err.message);
    if (m) return sentence(m[1]!);
  }
  return err.message;
}

/** A capital first letter, unless the sentence starts with a field's own name (`clientIp`), and a full stop. */
const sentence = (s: string) =>
  `${/^[a-z]+\b/.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s}${/[.!?]$/.test(s) ? "" : "."}`;
