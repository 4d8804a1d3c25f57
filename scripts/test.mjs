#!/usr/bin/env node
// The one test command (`npm test`, and what .ci/run runs): typecheck, lint, the Vitest suite on
// PGlite, the same suite on PostgreSQL when GLASSPANE_TEST_PG_URL is set, the build (web app and
// compiled server), then the end-to-end tests. Stops at the first failing step and exits non-zero. The last line is
// "N passed, M failed" over every test case run, which is what CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = path.join(ROOT, "test-results");
const VITEST = path.join(ROOT, "node_modules/.bin/vitest");
const PG_URL = process.env.GLASSPANE_TEST_PG_URL;

const totals = { passed: 0, failed: 0 };
/** The failing cases, repeated in the summary so a CI log's last lines name them. */
const failures = [];
/** Cases that passed only on a retry (the e2e steps get one): flaky, so named too. */
const retried = [];
const timings = [];

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
  return result.status === 0;
}

/** Counts from Vitest's JSON report; a file that failed to load counts as one failure. */
function countsFrom(reportPath) {
  if (!existsSync(reportPath)) return { passed: 0, failed: 1 }; // Vitest died before reporting
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  const brokenFiles = report.testResults.filter(
    (file) => file.status === "failed" && !file.assertionResults.some((t) => t.status === "failed"),
  ).length;
  for (const file of report.testResults) {
    const where = path.relative(ROOT, file.name);
    const failed = file.assertionResults.filter((t) => t.status === "failed");
    for (const t of file.assertionResults)
      if (t.status === "passed" && t.meta?.retried) retried.push(`${where} › ${t.fullName}`);
    for (const t of failed)
      failures.push(`${where} › ${t.fullName}\n      ${firstLine(t.failureMessages)}`);
    if (file.status === "failed" && failed.length === 0)
      failures.push(`${where}\n      ${firstLine([file.message])}`);
  }
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
}

function firstLine(messages) {
  const text = (messages ?? []).find(Boolean) ?? "no message";
  return stripVTControlCharacters(text).split("\n")[0].slice(0, 300);
}

function vitest(name, args, env) {
  const reportPath = path.join(RESULTS, `vitest-${name}.json`);
  rmSync(reportPath, { force: true });
  const reporters = ["--reporter=default", "--reporter=json", `--outputFile.json=${reportPath}`];
  const ok = run(VITEST, ["run", ...args, ...reporters], env);
  const counts = countsFrom(reportPath);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  return ok;
}

function finish(code) {
  console.log("\n━━ Summary");
  for (const { title, seconds, outcome } of timings) {
    console.log(`  ${outcome.padEnd(7)} ${title.padEnd(34)} ${seconds.toFixed(1).padStart(6)} s`);
  }
  if (retried.length > 0)
    console.log(`\nPassed only on a retry:\n${retried.map((f) => `  ~ ${f}`).join("\n")}`);
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ✗ ${f}`).join("\n")}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code);
}

/** Runs one step with a header; on failure prints why and stops the whole run. */
function step(number, title, body) {
  console.log(`\n━━ [${number}/6] ${title}\n`);
  const started = performance.now();
  const ok = body();
  const seconds = (performance.now() - started) / 1000;
  timings.push({ title, seconds, outcome: ok ? "ok" : "FAILED" });
  if (ok) return;
  console.error(`\n✗ ${title} failed after ${seconds.toFixed(1)} s; stopping here.`);
  // A failed typecheck, lint or build has no test counts: count it, so the line never reads clean.
  if (totals.failed === 0) totals.failed = 1;
  finish(1);
}

mkdirSync(RESULTS, { recursive: true });
const { TEST_DATABASE_URL: _ignored, ...pgliteEnv } = process.env;

step(1, "Typecheck (npm run typecheck)", () => run("npm", ["run", "typecheck"]));
step(2, "Lint (npm run lint)", () => run("npm", ["run", "lint"]));
step(3, "Tests on PGlite", () => vitest("pglite", [], pgliteEnv));
if (PG_URL) {
  step(4, "Tests on PostgreSQL", () =>
    vitest("postgres", [], { ...process.env, TEST_DATABASE_URL: PG_URL }),
  );
} else {
  console.log(
    "\n━━ [4/6] Tests on PostgreSQL\n\nPostgreSQL suite skipped: set GLASSPANE_TEST_PG_URL",
  );
  timings.push({ title: "Tests on PostgreSQL", seconds: 0, outcome: "skipped" });
}
step(5, "Build the web app and the server (npm run build)", () => run("npm", ["run", "build"]));
step(6, "End-to-end tests in Chromium", () =>
  vitest("e2e", ["--config", "vitest.e2e.config.ts"], process.env),
);
finish(0);
