import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isUniqueViolation } from "../db/database.js";
import type { Db } from "../db/handle.js";
import type { Clock } from "./clock.js";
import { AppError, badRequest } from "./errors.js";
import type { Keyring } from "./keyring.js";
import { completeKey, deleteKey, deleteKeysBefore, findKey, insertPendingKey } from "./idempotency.repo.js";

/** How long an answer is kept for replay, and after how long a key left pending (a crash) is freed. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const PENDING_TAKEOVER_MS = 60_000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const inProgress = () =>
  new AppError(409, "idempotency_in_progress", "A request with this Idempotency-Key is still running; retry shortly", {
    "retry-after": "1",
  });

declare module "fastify" {
  interface FastifyContextConfig {
    /** A POST that creates something: honours the Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: { orgId: string; scope: string; key: string } | null;
  }
}

/**
 * `Idempotency-Key` on creating POSTs (IETF httpapi draft): the first request with a key runs and its
 * answer is kept for 24 h; a retry with the same key and body gets that answer again (header
 * `Idempotent-Replayed: true`), a different body is 422, a retry while the first still runs is 409.
 * Keys are scoped to the caller, the state lives in the database (any instance can answer the retry),
 * and kept answers are encrypted, because some carry secrets (invite links, a new API key).
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Db; clock: Clock; keyring: Keyring }): void {
  const { db, clock, keyring } = deps;
  app.decorateRequest("idempotency", null);

  // Attached to the idempotent routes only, so every other request pays nothing.
  app.addHook("onRoute", (route) => {
    if (!route.config?.idempotent) return;
    // Route-level hooks run after the app-level access check, so the caller is known.
    route.preHandler = [...toArray(route.preHandler), claimKey];
    route.onSend = [...toArray(route.onSend), keepAnswer];
  });

  async function claimKey(request: FastifyRequest, reply: FastifyReply) {
    const raw = request.headers["idempotency-key"];
    if (raw === undefined) return;
    if (Array.isArray(raw) || !KEY_FORMAT.test(raw))
      throw badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters");
    const actor = request.actor;
    if (!actor) return;
    const scope = actor.kind === "user" ? `user:${actor.userId}` : actor.kind;
    const id = { org_id: actor.orgId, scope, key: raw };
    const fingerprint = fingerprintOf(request);
    const now = clock.now();

    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await insertPendingKey(db, id, fingerprint, now);
        request.idempotency = { orgId: id.org_id, scope, key: raw };
        return;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
      const row = await findKey(db, id);
      if (!row) continue; // removed between the two statements: try the insert again
      const stale =
        row.state === "done" ? now - row.created_at > IDEMPOTENCY_TTL_MS : now - row.created_at > PENDING_TAKEOVER_MS;
      if (stale) {
        await deleteKey(db, id, row.created_at);
        continue;
      }
      if (row.fingerprint !== fingerprint)
        throw new AppError(
          422,
          "idempotency_key_reused",
          "This Idempotency-Key was already used for a different request",
        );
      if (row.state === "pending") throw inProgress();
      return replay(reply, row.status ?? 200, row.body_enc === null ? "" : keyring.decrypt(row.body_enc));
    }
    throw inProgress();
  }

  // Keep the answer; a server error frees the key so the client may simply retry.
  async function keepAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const idem = request.idempotency;
    if (!idem) return payload;
    request.idempotency = null;
    const id = { org_id: idem.orgId, scope: idem.scope, key: idem.key };
    if (reply.statusCode >= 500 || typeof payload !== "string") {
      await deleteKey(db, id);
      return payload;
    }
    await completeKey(db, id, reply.statusCode, keyring.encrypt(payload));
    return payload;
  }
}

function toArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function fingerprintOf(request: FastifyRequest): string {
  return createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");
}

function replay(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header("idempotent-replayed", "true")
    .type("application/json; charset=utf-8")
    .serializer((p: unknown) => p as string)
    .send(body);
}

/** Forgets answers older than the replay window. */
export async function sweepIdempotencyKeys(db: Db, now: number): Promise<void> {
  await deleteKeysBefore(db, now - IDEMPOTENCY_TTL_MS);
}
