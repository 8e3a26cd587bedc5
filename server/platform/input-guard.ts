import type { FastifyInstance } from "fastify";
import { badRequest } from "./errors.js";

const NUL_IN_URL = /%00|\u0000/i;

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 64 || value === null || typeof value !== "object") return false;
  for (const [k, v] of Object.entries(value)) if (k.includes("\u0000") || containsNul(v, depth + 1)) return true;
  return false;
}

/**
 * PostgreSQL text cannot hold NUL, so a NUL reaching a query fails there with a 500 (and SQLite would
 * store it). Refused up front, in the URL (app.ts checks it in its onRequest hook) and in any parsed
 * body, the same way on both databases.
 */
export const hasNulInUrl = (url: string): boolean => NUL_IN_URL.test(url);

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", (request, _reply, done) => {
    done(
      request.body !== undefined && containsNul(request.body)
        ? badRequest("the request body must not contain NUL characters")
        : undefined,
    );
  });
}
