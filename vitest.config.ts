import { defineConfig } from "vitest/config";

// Each test file starts its own servers on its own SQLite file and PostgreSQL schema, so files run in parallel.
export default defineConfig({
  test: {
    include: ["server/**/*.test.ts", "contract/**/*.test.ts"],
    environment: "node",
    globalSetup: ["server/test/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
