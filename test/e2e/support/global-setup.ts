import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { buildServer } from "../../../scripts/build-server.ts";
import { ROOT } from "./server.ts";

/**
 * One data directory made the way a user's first start makes it (`glasspane migrate`: PGlite's
 * initdb, then every migration), which each e2e server starts from a copy of; creating it takes
 * most of a server's start, once per file. The first-run test starts from nothing instead.
 */
export default async function setup(project: TestProject) {
  // The servers run compiled, as `npm start` runs them; built here so a test never meets a stale build.
  await buildServer();
  const dir = mkdtempSync(path.join(tmpdir(), "glasspane-e2e-template-"));
  const result = spawnSync(process.execPath, ["bin/glasspane.mjs", "migrate"], {
    cwd: ROOT,
    env: { ...process.env, GLASSPANE_DATA_DIR: dir, DATABASE_URL: "", LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`glasspane migrate failed for the e2e template:\n${result.stderr}`);
  }
  project.provide("e2eDataTemplate", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    e2eDataTemplate: string;
  }
}
