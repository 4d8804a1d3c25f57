import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { importCostFile } from "../../server/modules/costs/import/importer.ts";
import { rowsOf } from "../../server/platform/db/copy.ts";
import { type Database, openDatabase } from "../../server/platform/db/database.ts";
import { workspaces } from "../../server/platform/workspaces/workspaces.schema.ts";
import { type QueryTiming, timeQueries } from "./queries.ts";
import { startRssSampler } from "./rss.ts";
import { type Step, type StepTime, timeStatements } from "./statements.ts";

export interface TargetJob {
  kind: "pglite" | "postgres";
  file: string;
  databaseUrl?: string;
  /** PGlite on a temporary data dir (as Glass Pane runs it) or in memory. */
  pgliteStorage: "disk" | "memory";
  runs: number;
  /** Import the same file again: every row replaces one of the first import's. */
  reimport: boolean;
  /** Read the file in the main thread whatever its size (no worker beside the COPY). */
  inProcess?: boolean;
  period: { from: string; to: string };
  client: string;
}

export interface ImportMeasurement {
  rows: number;
  replacedRows: number;
  wallMs: number;
  cpuMs: number;
  /** `importCostFile`'s own durationMs: the wall time less BEGIN/COMMIT. */
  importerMs: number;
  steps: [Step, StepTime][];
  /** The sampled peak and the kernel's high-water mark (process.resourceUsage().maxRSS). */
  peakRss: number;
  maxRss: number;
}

export interface TargetResult {
  kind: TargetJob["kind"];
  imports: ImportMeasurement[];
  queries: QueryTiming[];
  /** After the first import, and after the re-import (dead rows included: not vacuumed). */
  tables: { name: string; rows: number; bytes: number }[];
  tablesAfterReimport?: { name: string; rows: number; bytes: number }[];
}

async function openTarget(job: TargetJob, dataDir: string): Promise<Database> {
  if (job.kind === "postgres") return openDatabase({ databaseUrl: job.databaseUrl, dataDir });
  return openDatabase({ dataDir, inMemory: job.pgliteStorage === "memory" });
}

async function measureImport(
  database: Database,
  workspaceId: string,
  file: string,
  inProcess = false,
) {
  const sampler = startRssSampler(100);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let steps = new Map<Step, StepTime>();
  const result = await database.db.transaction(async (tx) => {
    const timer = timeStatements(tx);
    steps = timer.times;
    try {
      return await importCostFile(tx, {
        workspaceId,
        importedBy: null,
        filePath: file,
        fileName: path.basename(file),
        ...(inProcess ? { workerFromBytes: Number.POSITIVE_INFINITY } : {}),
      });
    } finally {
      timer.restore();
    }
  });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const peakRss = await sampler.stop();
  return {
    rows: result.rows,
    replacedRows: result.replacedRows,
    wallMs,
    cpuMs: (used.user + used.system) / 1000,
    importerMs: result.durationMs,
    steps: [...steps].map(([step, time]) => [step, { ...time }] as [Step, StepTime]),
    peakRss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  } satisfies ImportMeasurement;
}

async function tableSizes(database: Database) {
  const result = await database.db.execute(sql`
    SELECT relname AS name, pg_total_relation_size(oid)::bigint AS bytes,
      (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', relname), false, true, '')))[1]::text::bigint AS rows
    FROM pg_class WHERE relname IN ('cost_line_items', 'cost_daily', 'cost_daily_resource', 'cost_daily_tag', 'cost_monthly_resource')
    ORDER BY relname`);
  return rowsOf<{ name: string; rows: string; bytes: string }>(result).map((r) => ({
    name: r.name,
    rows: Number(r.rows),
    bytes: Number(r.bytes),
  }));
}

/** Imports the file into a fresh, migrated database, then times the explorer queries on it. */
export async function benchTarget(job: TargetJob): Promise<TargetResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "gp-bench-costs-"));
  const database = await openTarget(job, dataDir);
  try {
    await database.migrate();
    const [workspace] = await database.db
      .insert(workspaces)
      .values({ name: "Cost ledger bench" })
      .returning({ id: workspaces.id });
    const workspaceId = workspace!.id;
    const imports = [await measureImport(database, workspaceId, job.file, job.inProcess)];
    const scope = { workspaceId, ...job.period, client: job.client };
    const queries = await timeQueries(database.db, scope, job.runs);
    const tables = await tableSizes(database);
    if (!job.reimport) return { kind: job.kind, imports, queries, tables };
    imports.push(await measureImport(database, workspaceId, job.file, job.inProcess));
    const tablesAfterReimport = await tableSizes(database);
    return { kind: job.kind, imports, queries, tables, tablesAfterReimport };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
