import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCursors, type CursorScope } from "./cursor.js";

const key = z.tuple([z.number().int(), z.string()]);
const scope: CursorScope = { route: "/api/stream", orgId: "org1", filter: { state: "live" } };
const rows = [1, 2, 3].map((n) => ({ at: n, id: `s${n}` }));

function codeOf(err: unknown) {
  return err && typeof err === "object" && "code" in err ? err.code : err;
}
function pageError(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return codeOf(err);
  }
  return "no error";
}

describe("signed keyset cursors", () => {
  const cursors = createCursors(randomBytes(32));
  const next = cursors.next(scope, rows, 2, (r): [number, string] => [r.at, r.id])!;

  it("gives null on the last page and the last shown row's key otherwise", () => {
    expect(cursors.next(scope, rows, 3, (r) => r.at)).toBeNull();
    expect(cursors.page(scope, { limit: 2, offset: 0, cursor: next }, key)).toEqual({
      limit: 2,
      offset: 0,
      after: [2, "s2"],
    });
  });

  it("starts at the beginning without a cursor", () => {
    expect(cursors.page(scope, { limit: 5, offset: 7 }, key)).toEqual({ limit: 5, offset: 7, after: null });
  });

  it("refuses a cursor from another organisation, route or filter, or under another server key", () => {
    expect(pageError(() => cursors.page({ ...scope, orgId: "org2" }, { limit: 2, offset: 0, cursor: next }, key))).toBe(
      "invalid_cursor",
    );
    expect(
      pageError(() => cursors.page({ ...scope, route: "/api/tag" }, { limit: 2, offset: 0, cursor: next }, key)),
    ).toBe("invalid_cursor");
    expect(
      pageError(() =>
        cursors.page({ ...scope, filter: { state: "ended" } }, { limit: 2, offset: 0, cursor: next }, key),
      ),
    ).toBe("invalid_cursor");
    expect(
      pageError(() => createCursors(randomBytes(32)).page(scope, { limit: 2, offset: 0, cursor: next }, key)),
    ).toBe("invalid_cursor");
  });

  it("refuses an altered, made-up, oversized or ill-shaped cursor", () => {
    const [payload, sig] = next.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify([999, "s9"])).toString("base64url");
    for (const cursor of [
      `${forged}.${sig}`,
      `${payload}.${sig.slice(1)}`,
      payload,
      `${next}.x`,
      "",
      "a".repeat(600),
      "e30.AAAA",
    ]) {
      expect(
        pageError(() => cursors.page(scope, { limit: 2, offset: 0, cursor }, key)),
        cursor,
      ).toBe("invalid_cursor");
    }
    // Correctly signed but not the list's key shape.
    const wrongShape = cursors.next(scope, rows, 1, (r) => ({ id: r.id }))!;
    expect(pageError(() => cursors.page(scope, { limit: 1, offset: 0, cursor: wrongShape }, key))).toBe(
      "invalid_cursor",
    );
  });

  it("refuses a cursor with an offset, and an offset past 10 000", () => {
    expect(pageError(() => cursors.page(scope, { limit: 2, offset: 4, cursor: next }, key))).toBe("validation_failed");
    expect(pageError(() => cursors.page(scope, { limit: 2, offset: 10_001 }, key))).toBe("offset_too_large");
  });
});
