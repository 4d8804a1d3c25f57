import { createConformanceCheck } from "../../server/modules/costs/conformance/conformance.ts";
import { detectFormat } from "../../server/modules/costs/formats/index.ts";
import { LedgerChunkWriter } from "../../server/modules/costs/import/ledger-binary.ts";
import { openSource } from "../../server/modules/costs/import/readers.ts";

/** Where the importer's JavaScript time goes, per stage, in milliseconds. */
export interface PhaseSplit {
  format: string;
  rows: number;
  /** papaparse and the `absent` pass (`openSource().batches()`: CSV rows as arrays). */
  readMs: number;
  /** `format.createMapper(columns)(record)`: CUR columns to a FOCUS row. */
  mapMs: number;
  /** `createConformanceCheck().add(row)`, and `result()` at the end. */
  conformanceMs: number;
  /**
   * The row as the binary COPY tuple the importer writes into its chunk, and every 5,000 rows
   * the chunk taken out as the Uint8Array the worker hands the main thread.
   */
  serialiseMs: number;
  totalMs: number;
  cpuMs: number;
}

// The importer's COPY chunk (importer.ts CHUNK_ROWS).
const CHUNK_ROWS = 5000;

/**
 * One pass over the file doing what `importCostFile` does before the database sees a row,
 * timing each stage per row (a few clock reads per row, <1 % of the total). Garbage collection
 * lands in whichever stage allocates when it runs: mostly read and map.
 */
export async function splitPhases(filePath: string): Promise<PhaseSplit> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const source = await openSource(filePath);
  const format = detectFormat(source.columns);
  if (!format) throw new Error(`${filePath}: no format claims its columns`);
  const mapRow = format.createMapper(source.columns);
  const conformance = createConformanceCheck();
  const split = { readMs: 0, mapMs: 0, conformanceMs: 0, serialiseMs: 0 };
  let rows = 0;
  let bytes = 0;
  const chunk = new LedgerChunkWriter(
    "00000000-0000-4000-8000-000000000001",
    "00000000-0000-4000-8000-000000000002",
  );
  const batches = source.batches()[Symbol.asyncIterator]();
  let t0 = performance.now();
  while (true) {
    const next = await batches.next();
    const t1 = performance.now();
    split.readMs += t1 - t0;
    if (next.done) break;
    let t = t1;
    for (const record of next.value) {
      const row = mapRow(record);
      const t2 = performance.now();
      split.mapMs += t2 - t;
      t = t2;
      if (!row) continue;
      rows++;
      conformance.add(row, rows);
      const t3 = performance.now();
      split.conformanceMs += t3 - t2;
      chunk.add(rows, row);
      if (chunk.rows === CHUNK_ROWS) bytes += chunk.take().length;
      t = performance.now();
      split.serialiseMs += t - t3;
    }
    t0 = t;
  }
  const t4 = performance.now();
  bytes += chunk.take().length;
  split.serialiseMs += performance.now() - t4;
  const t5 = performance.now();
  conformance.result();
  split.conformanceMs += performance.now() - t5;
  if (bytes === 0) throw new Error("no rows serialised");
  const used = process.cpuUsage(cpu);
  return {
    format: format.id,
    rows,
    ...split,
    totalMs: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
  };
}
