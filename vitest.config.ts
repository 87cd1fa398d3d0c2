import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          globalSetup: ["tests/support/integration-global-setup.ts"],
          // Each file boots its own database; PGlite takes a few seconds to start.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: more workers than that only adds contention.
          maxWorkers: 2,
          // DEMO_MODE=on: the local mailbox exists, as in the e2e tests, also when DATABASE_URL is set.
          env: { NODE_ENV: "test", EMAIL_WORKER: "off", DEMO_MODE: "on" },
        },
      },
      {
        resolve: { alias },
        test: {
          // Faults survived (tests/faults/): each file starts the built app (and, on PostgreSQL, a
          // database it may restart) and breaks something under load; one at a time, since each
          // wants both cores.
          name: "faults",
          include: ["tests/faults/**/*.test.{ts,tsx}"],
          environment: "node",
          // The tests that run in-process use the integration tests' databases (tests/support/database.ts).
          globalSetup: ["tests/support/integration-global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
          env: { NODE_ENV: "test" },
        },
      },
    ],
  },
});
