import { defineConfig } from "vitest/config";
import { testDialects } from "./server/test/databases.js";

const UNIT = [
  "server/**/*.unit.test.ts",
  "contract/**/*.unit.test.ts",
  "scripts/**/*.unit.test.ts",
  "web/**/*.unit.test.ts",
];
// These need PostgreSQL whatever ORGDECK_TEST_DB says, so they are left out of a SQLite-only run.
const POSTGRES_ONLY = ["server/db/pg-restart.test.ts", "server/test/throwaway-postgres.test.ts"];
const postgres = testDialects(process.env.ORGDECK_TEST_DB).includes("postgres");

// Two tiers, selected with --project: `unit` (pure logic: no database, no server, no build) and `api`
// (each file starts its own servers on its own SQLite file and PostgreSQL schema, so files run in parallel).
export default defineConfig({
  test: {
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      {
        extends: true,
        test: {
          name: "api",
          include: ["server/**/*.test.ts", "contract/**/*.test.ts"],
          exclude: [...UNIT, ...(postgres ? [] : POSTGRES_ONLY), "**/node_modules/**"],
          globalSetup: ["server/test/global-setup.ts"],
        },
      },
    ],
  },
});
