// The SQLite connection is opened the way the architecture promises: WAL, a full sync at every commit,
// foreign keys enforced, and a busy timeout instead of immediate SQLITE_BUSY errors.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { openDatabase } from "./database.js";

it("opens SQLite with WAL, synchronous=FULL, foreign keys and a busy timeout", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orgdeck-pragmas-"));
  const database = await openDatabase(`sqlite:${path.join(dir, "p.db")}`);
  try {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`PRAGMA ${name}`).execute(database.db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("synchronous")).toBe(2);
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(5000);
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
