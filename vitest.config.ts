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
  },
});
