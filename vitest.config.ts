import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "server/**/*.test.ts",
      "cli/**/*.test.ts",
      "web/src/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    exclude: ["test/e2e/**", "node_modules/**"],
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
