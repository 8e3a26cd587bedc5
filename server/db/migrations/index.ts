import type { Migration, MigrationProvider } from "kysely/migration";
import * as m0001 from "./20261128_0001_initial.js";

/** Every migration, in order. A landed migration is never edited: add a new file instead. */
const MIGRATIONS: Record<string, Migration> = {
  "20261128_0001_initial": m0001,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
