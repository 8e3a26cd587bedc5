import type { DialectName } from "../db/database.js";

/** Reads ORGDECK_TEST_DB (`sqlite`, `postgres` or `both`, the default) into the databases to test. */
export function testDialects(value: string | undefined): DialectName[] {
  const choice = value === undefined || value === "" ? "both" : value;
  if (choice === "both") return ["sqlite", "postgres"];
  if (choice === "sqlite" || choice === "postgres") return [choice];
  throw new Error(`ORGDECK_TEST_DB must be sqlite, postgres or both (got ${JSON.stringify(value)})`);
}
