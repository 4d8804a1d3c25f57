import { defineConfig } from "vitest/config";

// End-to-end: real server processes and a real Chromium. Needs `npm run build` first
// (scripts/test.mjs does it); run with `npx vitest run --config vitest.e2e.config.ts`.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/support/global-setup.ts"],
    // Each file starts a server and a browser: one file at a time on two cores.
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
