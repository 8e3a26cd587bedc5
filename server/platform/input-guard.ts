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
 * store it). Refused up front, in the URL and in any parsed body, the same way on both databases.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("onRequest", (request, _reply, done) => {
    done(NUL_IN_URL.test(request.url) ? badRequest("the URL must not contain NUL characters") : undefined);
  });
  app.addHook("preValidation", (request, _reply, done) => {
    done(request.body !== undefined && containsNul(request.body) ? badRequest("the request body must not contain NUL characters") : undefined);
  });
}
