// DuckDB as a yardstick, not a dependency: `@duckdb/node-api` is loaded only when it resolves
// (from the project, or from the directory BENCH_DUCKDB names), and the bench skips it otherwise.
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface DuckDbReference {
  version: string;
  /** read_csv of the whole file and the group-by over it, cold. */
  scanGroupMs: number;
  /** CREATE TABLE AS from the CSV, the cost column as DECIMAL (DuckDB's own "import"). */
  loadMs: number;
  /** The group-by on the loaded table, 30 runs. */
  groupP50: number;
  groupP95: number;
  groups: number;
}

interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRows(): unknown[][] }>;
}
interface DuckModule {
  DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> };
  version(): string;
}

async function loadDuckDb(): Promise<DuckModule | undefined> {
  const dir = process.env.BENCH_DUCKDB;
  const spec = dir
    ? pathToFileURL(path.join(dir, "node_modules/@duckdb/node-api/lib/index.js")).href
    : "@duckdb/node-api";
  try {
    return (await import(spec)) as DuckModule;
  } catch {
    return undefined;
  }
}

/** BilledCost by service for the month, straight from the CUR CSV, as DuckDB does it. */
export async function duckDbReference(file: string, runs: number) {
  const duck = await loadDuckDb();
  if (!duck) return undefined;
  const connection = await (await duck.DuckDBInstance.create(":memory:")).connect();
  const quoted = file.replace(/'/g, "''");
  // Every column as text, like the importer reads it; the cost is cast where it is summed.
  const csv = `read_csv('${quoted}', header = true, all_varchar = true)`;
  const groupBy = (from: string) => `
    SELECT "product/ProductName" AS service, sum(CAST("lineItem/UnblendedCost" AS DECIMAL(38, 12))) AS cost
    FROM ${from} GROUP BY 1 ORDER BY 2 DESC`;
  // The loaded table keeps the cost as DECIMAL(38, 12), like the ledger's numeric column.
  let started = performance.now();
  const groups = (await connection.runAndReadAll(groupBy(csv))).getRows().length;
  const scanGroupMs = performance.now() - started;
  started = performance.now();
  await connection.run(
    `CREATE TABLE cur AS SELECT * REPLACE (CAST("lineItem/UnblendedCost" AS DECIMAL(38, 12)) AS "lineItem/UnblendedCost") FROM ${csv}`,
  );
  const loadMs = performance.now() - started;
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    started = performance.now();
    await connection.runAndReadAll(groupBy("cur"));
    if (i > 0) ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.max(0, Math.ceil((p / 100) * ms.length) - 1)] ?? Number.NaN;
  return {
    version: duck.version(),
    scanGroupMs,
    loadMs,
    groupP50: at(50),
    groupP95: at(95),
    groups,
  } satisfies DuckDbReference;
}
