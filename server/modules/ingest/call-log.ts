import type { Db } from "../../db/handle.js";
import type { ServiceLogger } from "../../platform/deps.js";
import { insertIngestCalls, type IngestCallRow } from "./ingest.repo.js";

/**
 * The call log is written in batches (at most every 100 ms, at most 50 rows each): one commit, and so
 * one disk flush, per batch instead of per decision. Batches stay small because SQLite writes on the
 * event loop: a large one would hold up every request behind it. A crash can lose the last fraction
 * of a second of this diagnostic log, never a decision or a state change.
 */
const BATCH_ROWS = 50;
const BATCH_MS = 100;

export function createCallLog(db: Db, log: ServiceLogger) {
  const pending: IngestCallRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  async function write(rows: IngestCallRow[]): Promise<void> {
    try {
      await insertIngestCalls(db, rows);
    } catch (err) {
      // The decisions stand; only their diagnostic lines are lost.
      log.warn(
        { rows: rows.length, err: { message: err instanceof Error ? err.message : String(err) } },
        "ingest call log write failed",
      );
    }
  }
  /** Queues what is pending behind the batches already being written; resolves when all are. */
  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (pending.length > 0) {
      const rows = pending.splice(0, BATCH_ROWS);
      writing = writing.then(() => write(rows));
    }
    return writing;
  }
  return {
    record(row: IngestCallRow): void {
      pending.push(row);
      if (pending.length >= BATCH_ROWS) void flush();
      else timer ??= setTimeout(() => void flush(), BATCH_MS).unref();
    },
    flush,
  };
}
