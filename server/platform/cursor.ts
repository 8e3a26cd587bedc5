import { createHmac, timingSafeEqual } from "node:crypto";
import type { z } from "zod";
import { CURSOR_MAX_LENGTH, MAX_OFFSET } from "../../contract/pagination.js";
import { AppError, badRequest } from "./errors.js";

/**
 * Keyset pagination. A cursor is the sort key of the last row a page showed, base64url JSON, with
 * an HMAC over it and its scope: the route, the organisation and the list's filters. So a cursor
 * made up, altered, or taken from another organisation, route or filter is refused (400
 * invalid_cursor) without telling which, and the key values never reach SQL unchecked.
 */
export interface PageQuery {
  limit: number;
  offset: number;
  cursor?: string | undefined;
}

export interface Page<K> {
  limit: number;
  offset: number;
  /** The sort key to continue after, or null for the first page. */
  after: K | null;
}

export interface CursorScope {
  route: string;
  orgId: string;
  /** The filters that shape the list; a cursor only continues a walk with the same ones. */
  filter: Record<string, unknown>;
}

const invalidCursor = () =>
  new AppError(400, "invalid_cursor", "cursor is not valid for this list; start again without it");

/** `key`: a secret of the server's (keyring.derive("cursor")), the same on every instance. */
export function createCursors(key: Buffer) {
  const mac = (scope: CursorScope, payload: string) =>
    createHmac("sha256", key)
      .update(JSON.stringify([scope.route, scope.orgId, scope.filter, payload]))
      .digest()
      .subarray(0, 18);

  return {
    /** Reads `limit`, `offset` and `cursor`; refuses an offset past MAX_OFFSET and a bad cursor. */
    page<K>(scope: CursorScope, query: PageQuery, keySchema: z.ZodType<K>): Page<K> {
      if (query.offset > MAX_OFFSET) {
        throw new AppError(
          400,
          "offset_too_large",
          `offset may be at most ${MAX_OFFSET}; to go further, pass the previous page's "next" as cursor`,
        );
      }
      if (query.cursor === undefined) return { limit: query.limit, offset: query.offset, after: null };
      if (query.offset > 0) throw badRequest("cursor and offset cannot be combined");
      const [payload, sig, extra] = query.cursor.split(".");
      if (!payload || !sig || extra !== undefined || query.cursor.length > CURSOR_MAX_LENGTH) throw invalidCursor();
      const given = Buffer.from(sig, "base64url");
      const expected = mac(scope, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        throw invalidCursor();
      }
      const r = keySchema.safeParse(parsed);
      if (!r.success) throw invalidCursor();
      return { limit: query.limit, offset: 0, after: r.data };
    },

    /** The `next` of a page fetched with limit + 1 rows: null when no row is left. */
    next<R, K>(scope: CursorScope, rows: readonly R[], limit: number, keyOf: (row: R) => K): string | null {
      if (rows.length <= limit) return null;
      const payload = Buffer.from(JSON.stringify(keyOf(rows[limit - 1]!)), "utf8").toString("base64url");
      return `${payload}.${mac(scope, payload).toString("base64url")}`;
    },
  };
}
export type Cursors = ReturnType<typeof createCursors>;
