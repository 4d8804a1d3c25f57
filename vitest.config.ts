import { defineConfig } from "vitest/config";

/**
 * Process tests whose CLI or server always runs on embedded PGlite (test/support/process.ts
 * clears the database settings): the same test on the PostgreSQL run would repeat ~80 s of
 * work without testing PostgreSQL. durability.test.ts is not here: it runs on either engine.
 */
const PGLITE_ONLY = [
  "test/process/anomalies-cli.test.ts",
  "test/process/cli-setup.test.ts",
  "test/process/config-errors.test.ts",
  "test/process/logs-templates.test.ts",
  "test/process/server-lifecycle.test.ts",
];

export default defineConfig({
  test: {
    include: [
      "server/**/*.test.ts",
      "cli/**/*.test.ts",
      "web/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: [
      "test/e2e/**",
      "node_modules/**",
      ...(process.env.TEST_DATABASE_URL ? PGLITE_ONLY : []),
    ],
    globalSetup: ["test/global-setup.ts", "test/support/azure-replay-tls.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: PGlite is CPU-bound WASM, more workers only contend.
    maxWorkers: 2,
    // Each worker imports the server's module graph once instead of once per file: the suite's
    // import time went from ~620 s to ~24 s (summed over files). Every test builds its own
    // runtime and database, so files share nothing but loaded code; a test that changes process
    // state (process.env) must restore it.
    isolate: false,
  },
});
