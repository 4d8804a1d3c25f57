// The cost ledger benchmark: a 1M-row AWS CUR imported into PGlite and PostgreSQL (wall time,
// rows/s, peak RSS, time per importer step), the explorer queries on it (p50/p95 of 30 runs), the
// JavaScript stages of the import on their own, and DuckDB as a yardstick when it is installed.
//   node --import tsx bench/costs/ledger.ts [--rows 1000000] [--targets pglite,postgres]
//     [--runs 30] [--file cur.csv] [--pglite disk|memory] [--no-reimport] [--no-write]
// Each measurement runs in a child process of its own, so its maxRSS is its own.
import { type ChildProcess, fork } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { detectFormat } from "../../server/modules/costs/formats/index.ts";
import { openSource } from "../../server/modules/costs/import/readers.ts";
import { createTempDatabase } from "../targets.ts";
import { duckDbReference } from "./duckdb.ts";
import { BILLING_PERIOD, defaultCurPath, generateCur } from "./generate-cur.ts";
import { splitPhases } from "./phases.ts";
import { appendLedgerSection, type LedgerRun, renderLedgerSection } from "./results.ts";
import { benchTarget, type TargetJob } from "./run-target.ts";

const SELF = fileURLToPath(import.meta.url);

type Job =
  | { kind: "target"; job: TargetJob }
  | { kind: "phases"; file: string }
  | { kind: "duckdb"; file: string; runs: number };

async function runJob(job: Job): Promise<unknown> {
  if (job.kind === "target") return benchTarget(job.job);
  if (job.kind === "phases") return splitPhases(job.file);
  return (await duckDbReference(job.file, job.runs)) ?? null;
}

/** Runs one job in a fresh child process and returns what it sends back. */
function inChild<T>(job: Job): Promise<T> {
  const child: ChildProcess = fork(SELF, ["--child", JSON.stringify(job)], {
    execArgv: process.execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<T>((resolve, reject) => {
    let answer: { result?: T; error?: string } | undefined;
    child.once("message", (message) => {
      answer = message as typeof answer;
    });
    child.once("exit", (code) => {
      if (answer?.error) reject(new Error(answer.error));
      else if (answer && "result" in answer) resolve(answer.result as T);
      else reject(new Error(`${job.kind} child exited with code ${code} without a result`));
    });
  });
}

const { values: args } = parseArgs({
  options: {
    child: { type: "string" },
    rows: { type: "string" },
    file: { type: "string" },
    targets: { type: "string" },
    runs: { type: "string" },
    pglite: { type: "string" },
    "database-url": { type: "string" },
    "no-reimport": { type: "boolean" },
    "no-phases": { type: "boolean" },
    "no-write": { type: "boolean" },
    "in-process": { type: "boolean" },
  },
});

if (args.child) {
  try {
    const result = await runJob(JSON.parse(args.child) as Job);
    process.send?.({ result });
  } catch (error) {
    process.send?.({
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
  process.disconnect?.();
} else {
  await main();
}

async function main(): Promise<void> {
  const env = process.env;
  const rows = Number(args.rows ?? env.BENCH_COST_ROWS ?? 1_000_000);
  const runs = Number(args.runs ?? 30);
  const targets = new Set((args.targets ?? env.BENCH_TARGETS ?? "pglite,postgres").split(","));
  const adminUrl =
    args["database-url"] ??
    env.BENCH_DATABASE_URL ??
    "postgres://postgres:postgres@localhost/postgres";
  const pgliteStorage = args.pglite === "memory" ? "memory" : "disk";
  const file = args.file ?? defaultCurPath(rows);
  const loadAverage = os.loadavg();
  if (!existsSync(file)) {
    console.log(`Generating ${file} (${rows.toLocaleString("en-US")} rows)`);
    await generateCur({ rows, file });
  }
  const source = await openSource(file);
  const format = detectFormat(source.columns)?.id ?? "none";
  if (format !== "aws-cur") console.warn(`warning: ${file} is detected as ${format}, not aws-cur`);
  const notes: string[] = [];
  const run: LedgerRun = {
    date: new Date(),
    file: { path: file, rows, bytes: statSync(file).size, format },
    targets: [],
    notes,
    loadAverage,
  };
  const base = {
    file,
    runs,
    pgliteStorage,
    reimport: !args["no-reimport"],
    inProcess: args["in-process"] ?? false,
    period: { from: BILLING_PERIOD.start, to: BILLING_PERIOD.end },
    client: "acme",
  } as const;

  if (targets.has("pglite")) {
    const label = `PGlite (${pgliteStorage === "disk" ? "data dir on disk" : "in memory"})`;
    console.log(`${label}: importing ${file}`);
    const result = await inChild<LedgerRun["targets"][number]["result"]>({
      kind: "target",
      job: { ...base, kind: "pglite" },
    });
    run.targets.push({ label, result });
  }
  if (targets.has("postgres")) {
    const database = await createTempDatabase(adminUrl);
    const host = new URL(adminUrl).host;
    if ("unavailable" in database) {
      notes.push(`PostgreSQL skipped: no database on ${host} (${database.unavailable}).`);
    } else {
      notes.push(
        `PostgreSQL ${database.serverVersion} on ${host} (the same machine: it shares the cores with the importer); a fresh database, dropped afterwards. Its RSS is not in the figures: only the Node process's.`,
      );
      try {
        console.log("PostgreSQL: importing");
        const result = await inChild<LedgerRun["targets"][number]["result"]>({
          kind: "target",
          job: { ...base, kind: "postgres", databaseUrl: database.url },
        });
        run.targets.push({ label: "PostgreSQL", result });
      } finally {
        await database.drop();
      }
    }
  }
  if (!args["no-phases"]) {
    console.log("Splitting the JavaScript stages");
    run.phases = await inChild({ kind: "phases", file });
  }
  run.duckdb =
    (await inChild<LedgerRun["duckdb"] | null>({ kind: "duckdb", file, runs })) ?? undefined;
  if (!run.duckdb)
    notes.push(
      "DuckDB reference skipped: `@duckdb/node-api` does not resolve (set BENCH_DUCKDB to a directory that has it).",
    );
  notes.push(
    "Wall times are on a shared 2-core machine: compare CPU s with wall s, and the load average above, before trusting a wall time.",
  );

  // A file given with --file holds what it holds: its size is what the first import counted.
  const imported = run.targets[0]?.result.imports[0]?.rows;
  if (args.file && !args.rows && imported !== undefined) run.file.rows = imported;
  const section = renderLedgerSection(run);
  console.log(`\n${section}\n`);
  if (!args["no-write"]) {
    const results = fileURLToPath(new URL("../RESULTS.md", import.meta.url));
    appendLedgerSection(results, section);
    console.log(`Results appended to ${results}`);
  }
}
