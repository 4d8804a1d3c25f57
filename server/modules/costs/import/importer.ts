import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import { type SQL, sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import { copyBinary, rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { ConformanceReport } from "../conformance/conformance.ts";
import { costImports } from "../costs.schema.ts";
import type { ImportPhase } from "./import-phases.ts";
import {
  LEDGER_COLUMNS,
  type LedgerFile,
  type LedgerFileTotals,
  openLedgerFile,
} from "./ledger-lines.ts";
import { openLedgerFileInWorker } from "./ledger-worker.ts";

export interface ImportProgress {
  phase: ImportPhase;
  rows: number;
  /** Bytes of the file as stored (compressed, for .gz) read so far; Parquet's by row group. */
  bytesRead: number;
  bytes: number;
}

export interface ImportFileOptions {
  workspaceId: string;
  importedBy: string | null;
  filePath: string;
  /** The name people know the file by (the upload's name); every error message starts with it. */
  fileName: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Files of this many bytes or more are read in a worker thread (default 32 MiB). */
  workerFromBytes?: number;
  /**
   * Imports of other parts of the same export (a month delivered as several files): this
   * file's periods add to theirs instead of replacing them.
   */
  alongside?: readonly string[];
}

export interface PeriodSummary {
  billingAccountId: string | null;
  billingPeriodStart: string | null;
  currency: string | null;
  rows: number;
  billedCost: string;
  effectiveCost: string;
}

export interface ImportResult {
  id: string;
  fileName: string;
  format: string;
  rows: number;
  replacedRows: number;
  periods: PeriodSummary[];
  conformance: ConformanceReport;
  durationMs: number;
}

export const LEDGER_TARGET = `cost_line_items (${LEDGER_COLUMNS.join(", ")})`;
// From this size on the file is read in a worker thread beside the COPY (ledger-worker.ts).
// Starting the worker costs about a second; the overlap saves about that on a ~30 MB file.
const WORKER_FROM_BYTES = 32 * 1024 * 1024;

/**
 * Imports one billing file into the ledger, all or nothing: run it inside a transaction. Rows
 * are streamed from the file, normalised to FOCUS 1.2 and copied in chunks; then every
 * (billing account, billing period) the file covers replaces what earlier imports held for it,
 * and the daily roll-ups are built for the new rows.
 */
export async function importCostFile(db: Db, options: ImportFileOptions): Promise<ImportResult> {
  const started = performance.now();
  const { workspaceId } = options;
  const importId = randomUUID();
  // Only what the reader needs: a worker thread gets a copy, and a callback cannot be copied.
  const { filePath, fileName } = options;
  const lineOptions = { filePath, fileName, workspaceId, importId };
  const { size } = await stat(options.filePath);
  const workerFrom = options.workerFromBytes ?? WORKER_FROM_BYTES;
  const file = await (size >= workerFrom ? openLedgerFileInWorker : openLedgerFile)(lineOptions);
  let totals: LedgerFileTotals;
  try {
    await db.insert(costImports).values({
      id: importId,
      workspaceId,
      importedBy: options.importedBy,
      fileName: options.fileName,
      format: file.head.format,
      container: file.head.container,
      bytes: file.head.bytes,
      rows: 0,
      status: "importing",
      periods: [],
      durationMs: 0,
    });
    options.onProgress?.({ phase: "reading", rows: 0, bytesRead: 0, bytes: file.head.bytes });
    totals = await copyChunks(db, file, options);
  } finally {
    await file.close();
  }
  const { rows, pairs, conformance: report } = totals;
  const { bytes } = file.head;
  const progress = (phase: ImportPhase) =>
    options.onProgress?.({ phase, rows, bytesRead: bytes, bytes });
  progress("replacing");

  // Rows that cost nothing and name no currency (OCI leaves some blank, before the file's first
  // currency) take the file's currency when it has exactly one; the conformance report still
  // shows them as the file had them.
  const [currency] = totals.currencies;
  if (totals.currencylessFree > 0 && currency && totals.currencies.length === 1)
    await db.execute(sql`
      UPDATE cost_line_items SET billing_currency = ${currency}
      WHERE import_id = ${importId} AND billing_currency IS NULL
        AND coalesce(billed_cost, 0) = 0 AND coalesce(effective_cost, 0) = 0`);
  // The roll-ups and the replacement are planned on the new rows: give the planner statistics
  // (PGlite runs no autovacuum; PostgreSQL's comes too late for this transaction).
  await db.execute(sql.raw(`ANALYZE cost_line_items (${ANALYZED_COLUMNS})`));
  const replacedRows = await replaceEarlierPeriods(db, workspaceId, pairs, [
    importId,
    ...(options.alongside ?? []),
  ]);
  progress("rollups");
  await buildRollups(db, importId);
  const periods = await periodSummaries(db, importId);
  const durationMs = Math.round(performance.now() - started);
  await db.execute(sql`
    UPDATE cost_imports SET rows = ${rows}, status = 'imported', periods = ${JSON.stringify(periods)}::jsonb,
      conformance = ${JSON.stringify(report)}::jsonb, replaced_rows = ${replacedRows}, duration_ms = ${durationMs}
    WHERE id = ${importId}`);
  return {
    id: importId,
    fileName: options.fileName,
    format: file.head.format,
    rows,
    replacedRows,
    periods,
    conformance: report,
    durationMs,
  };
}

/** COPYs the file's chunks as they are made, reporting progress; returns the file's totals. */
async function copyChunks(
  db: Db,
  file: LedgerFile,
  options: ImportFileOptions,
): Promise<LedgerFileTotals> {
  const chunks = file.chunks();
  for (;;) {
    const next = await chunks.next();
    if (next.done) return next.value;
    const { data, rows, bytesRead } = next.value;
    await copyBinary(db, LEDGER_TARGET, [data]);
    options.onProgress?.({ phase: "reading", rows, bytesRead, bytes: file.head.bytes });
  }
}

/**
 * Providers restate a month until it closes: a newer file for the same billing account and
 * period (its month, `billingMonth`) replaces the older rows rather than adding to them.
 * Returns the rows replaced.
 *
 * The earlier imports holding a pair are found by their own period lists (`cost_imports.periods`,
 * every pair of their rows), and their rows are reached through the ledger's key: the ledger
 * keeps no index on account and period for this alone (bench/RESULTS.md, 2026-11-27). `kept`:
 * this import and the other parts of its export, which are not replaced.
 */
async function replaceEarlierPeriods(
  db: Db,
  workspaceId: string,
  pairs: { account: string | null; period: string | null }[],
  kept: readonly string[],
): Promise<number> {
  // Two imports of the same account and period at once (an upload beside a scheduled pull)
  // would each miss the other's uncommitted rows and both survive, counting the month twice.
  // Held until commit: the second waits here, and its look-up below (a new snapshot under READ
  // COMMITTED) then sees the first one's committed import and replaces it. The ANALYZE before
  // this happens to serialise imports too (its lock conflicts with itself); this does not rely
  // on it.
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`cost-import:${workspaceId}`}))`);
  const accounts = JSON.stringify(pairs.map((p) => p.account));
  const periods = JSON.stringify(pairs.map((p) => p.period));
  const pairRows = sql`json_array_elements_text(${accounts}::json) WITH ORDINALITY a(account, n)
    JOIN json_array_elements_text(${periods}::json) WITH ORDINALITY p(period, n) USING (n)`;
  const candidates = await db.execute(sql`
    SELECT DISTINCT i.id FROM cost_imports i
      CROSS JOIN LATERAL jsonb_array_elements(i.periods) listed
      JOIN ${pairRows}
        ON listed->>'billingAccountId' IS NOT DISTINCT FROM a.account
        AND ${billingMonth(sql`(listed->>'billingPeriodStart')::timestamptz`)}
          IS NOT DISTINCT FROM ${billingMonth(sql`p.period::timestamptz`)}
    WHERE i.workspace_id = ${workspaceId} AND i.id <> ALL(${arrayLiteral([...kept])}::uuid[])
      AND i.status <> 'replaced'`);
  const earlierIds = rowsOf<{ id: string }>(candidates).map((r) => r.id);
  if (earlierIds.length === 0) return 0;
  const earlier = arrayLiteral(earlierIds);
  const match = (table: string) => sql`
    ${pairRows}
    WHERE ${sql.raw(table)}.import_id = ANY(${earlier}::uuid[]) AND ${sql.raw(table)}.workspace_id = ${workspaceId}
      AND ${sql.raw(table)}.billing_account_id IS NOT DISTINCT FROM a.account
      AND ${billingMonth(sql`${sql.raw(table)}.billing_period_start`)}
        IS NOT DISTINCT FROM ${billingMonth(sql`p.period::timestamptz`)}`;
  const deleted = await db.execute(sql`
    WITH gone AS (DELETE FROM cost_line_items USING ${match("cost_line_items")} RETURNING cost_line_items.import_id)
    SELECT import_id, count(*)::int AS n FROM gone GROUP BY import_id`);
  for (const table of ROLLUP_TABLES)
    await db.execute(sql`DELETE FROM ${sql.raw(table)} USING ${match(table)}`);
  let replaced = 0;
  for (const { import_id: id, n } of rowsOf<{ import_id: string; n: number }>(deleted)) {
    replaced += Number(n);
    await db.execute(sql`
      UPDATE cost_imports SET status = CASE
        WHEN EXISTS (SELECT 1 FROM cost_line_items WHERE import_id = ${id}) THEN 'partly-replaced'
        ELSE 'replaced' END
      WHERE id = ${id}`);
  }
  return replaced;
}

/**
 * The month a billing period is for, whatever zone it was cut in: Google starts its invoice
 * month at 07:00Z (Pacific time), a FOCUS export of the same account at 00:00Z, and a month
 * starting in UTC+2 begins on the last day of the month before. Any zone's month start lies
 * within 14 hours before and 12 after the UTC one, so 14 hours later it is in the right UTC
 * month. Two exports of one account's month then replace one another, never both count.
 */
function billingMonth(instant: SQL): SQL {
  return sql`date_trunc('month', (${instant} + interval '14 hours') AT TIME ZONE 'UTC')`;
}

/** Every table built from the ledger at import, finest first; each has import_id, workspace_id,
 * billing_account_id and billing_period_start, so replacing or deleting an import reaches all. */
export const ROLLUP_TABLES = [
  "cost_daily_resource",
  "cost_daily",
  "cost_daily_tag",
  "cost_monthly_resource",
] as const;

const ROLLUP_DIMENSIONS = `billing_period_start, billing_account_id, billing_account_name, sub_account_id,
  sub_account_name, provider_name, service_name, service_category, region_id, charge_category,
  pricing_category, billing_currency`;
/**
 * The columns an import analyses: what the roll-ups group by, the key, and what the ledger's
 * own queries filter on first. All ~60 took 0.9 s an import whatever its size (ANALYZE reads a
 * sample of 30,000 rows), these 0.4 s; the others keep the planner's defaults on PGlite, whose
 * ledger queries go by `(workspace_id, charge_period_start)` either way.
 */
const ANALYZED_COLUMNS = `workspace_id, import_id, source_row, charge_period_start, ${ROLLUP_DIMENSIONS},
  resource_id, resource_name, resource_type, tags, commitment_discount_id`;
const ROLLUP_METRICS = `coalesce(sum(billed_cost), 0), coalesce(sum(effective_cost), 0),
  coalesce(sum(list_cost), 0), coalesce(sum(contracted_cost), 0), count(*)`;
const METRIC_COLUMNS = "billed_cost, effective_cost, list_cost, contracted_cost, line_count";
const DAY = "(charge_period_start AT TIME ZONE 'UTC')::date";

async function buildRollups(db: Db, importId: string): Promise<void> {
  // Without statistics the planner picks a hash aggregate; give it memory rather than disk.
  await db.execute(sql`SET LOCAL work_mem = '256MB'`);
  const resource = "resource_id, resource_name, resource_type, tags";
  await db.execute(sql`
    INSERT INTO cost_daily_resource (workspace_id, import_id, day, ${sql.raw(ROLLUP_DIMENSIONS)}, ${sql.raw(resource)}, ${sql.raw(METRIC_COLUMNS)})
    SELECT workspace_id, import_id, ${sql.raw(DAY)}, ${sql.raw(ROLLUP_DIMENSIONS)}, ${sql.raw(resource)}, ${sql.raw(ROLLUP_METRICS)}
    FROM cost_line_items WHERE import_id = ${importId}
    GROUP BY workspace_id, import_id, ${sql.raw(DAY)}, ${sql.raw(ROLLUP_DIMENSIONS)}, ${sql.raw(resource)}`);
  // The coarse roll-up from the fine one: an order of magnitude fewer rows to read.
  await db.execute(sql`
    INSERT INTO cost_daily (workspace_id, import_id, day, ${sql.raw(ROLLUP_DIMENSIONS)}, ${sql.raw(METRIC_COLUMNS)})
    SELECT workspace_id, import_id, day, ${sql.raw(ROLLUP_DIMENSIONS)},
      sum(billed_cost), sum(effective_cost), sum(list_cost), sum(contracted_cost), sum(line_count)
    FROM cost_daily_resource WHERE import_id = ${importId}
    GROUP BY workspace_id, import_id, day, ${sql.raw(ROLLUP_DIMENSIONS)}`);
  // One row per tag of each (day, account, provider, service, currency): tags are flat string
  // maps (values.ts tagMap).
  const tagDimensions = sql.raw(
    "billing_period_start, billing_account_id, provider_name, service_name, billing_currency",
  );
  await db.execute(sql`
    INSERT INTO cost_daily_tag (workspace_id, import_id, day, ${tagDimensions}, tag_key, tag_value, ${sql.raw(METRIC_COLUMNS)})
    SELECT workspace_id, import_id, day, ${tagDimensions}, t.key, t.value,
      sum(billed_cost), sum(effective_cost), sum(list_cost), sum(contracted_cost), sum(line_count)
    FROM cost_daily_resource, jsonb_each_text(tags) AS t(key, value)
    WHERE import_id = ${importId} AND tags IS NOT NULL
    GROUP BY workspace_id, import_id, day, ${tagDimensions}, t.key, t.value`);
  const month = "date_trunc('month', day)::date";
  await db.execute(sql`
    INSERT INTO cost_monthly_resource (workspace_id, import_id, day, ${sql.raw(ROLLUP_DIMENSIONS)}, resource_id, resource_name, resource_type, ${sql.raw(METRIC_COLUMNS)})
    SELECT workspace_id, import_id, ${sql.raw(month)}, ${sql.raw(ROLLUP_DIMENSIONS)}, resource_id, resource_name, resource_type,
      sum(billed_cost), sum(effective_cost), sum(list_cost), sum(contracted_cost), sum(line_count)
    FROM cost_daily_resource WHERE import_id = ${importId}
    GROUP BY workspace_id, import_id, ${sql.raw(month)}, ${sql.raw(ROLLUP_DIMENSIONS)}, resource_id, resource_name, resource_type`);
}

async function periodSummaries(db: Db, importId: string): Promise<PeriodSummary[]> {
  const result = await db.execute(sql`
    SELECT billing_account_id AS account,
      to_char(billing_period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS period,
      billing_currency AS currency, sum(line_count)::int AS rows,
      sum(billed_cost)::text AS billed, sum(effective_cost)::text AS effective
    FROM cost_daily WHERE import_id = ${importId}
    GROUP BY 1, 2, 3 ORDER BY 2, 1, 3`);
  return rowsOf<{
    account: string | null;
    period: string | null;
    currency: string | null;
    rows: number;
    billed: string;
    effective: string;
  }>(result).map((r) => ({
    billingAccountId: r.account,
    billingPeriodStart: r.period,
    currency: r.currency,
    rows: Number(r.rows),
    billedCost: r.billed,
    effectiveCost: r.effective,
  }));
}
