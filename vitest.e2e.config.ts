import { defineConfig } from "vitest/config";

// End-to-end: real server processes and a real Chromium. Needs `npm run build` first
// (scripts/test.mjs does it); run with `npx vitest run --config vitest.e2e.config.ts`.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    globalSetup: ["test/e2e/support/global-setup.ts"],
    // Each file starts its own server and browser. Two files at a time: much of a file is
    // waiting (server start-up, scheduled runs, polling), and on two cores the suite took 330 s
    // this way against 544 s one at a time (same load, no step needing its retry).
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
