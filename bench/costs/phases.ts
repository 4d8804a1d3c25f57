import { createConformanceCheck } from "../../server/modules/costs/conformance/conformance.ts";
import { detectFormat } from "../../server/modules/costs/formats/index.ts";
import {
  FOCUS_COLUMN_NAMES,
  FOCUS_COLUMNS,
  type FocusRow,
} from "../../server/modules/costs/import/focus.ts";
import { openSource } from "../../server/modules/costs/import/readers.ts";
import { csvField } from "../../server/platform/db/copy.ts";

/** Where the importer's JavaScript time goes, per stage, in milliseconds. */
export interface PhaseSplit {
  format: string;
  rows: number;
  /** papaparse, the `absent` pass and one record object per row (`openSource().records()`). */
  readMs: number;
  /** `format.createMapper(columns)(record)`: CUR columns to a FOCUS row. */
  mapMs: number;
  /** `createConformanceCheck().add(row)`, and `result()` at the end. */
  conformanceMs: number;
  /** The row as the COPY CSV line the importer builds. */
  serialiseMs: number;
  totalMs: number;
  cpuMs: number;
}

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
  const records = source.records()[Symbol.asyncIterator]();
  let t0 = performance.now();
  while (true) {
    const next = await records.next();
    const t1 = performance.now();
    split.readMs += t1 - t0;
    if (next.done) break;
    const row = mapRow(next.value);
    const t2 = performance.now();
    split.mapMs += t2 - t1;
    if (row) {
      rows++;
      conformance.add(row, rows);
      const t3 = performance.now();
      split.conformanceMs += t3 - t2;
      bytes += serialise(row).length;
      t0 = performance.now();
      split.serialiseMs += t0 - t3;
    } else t0 = t2;
  }
  const t4 = performance.now();
  conformance.result();
  split.conformanceMs += performance.now() - t4;
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

// The importer's own `serialise` (server/modules/costs/import/importer.ts), which it does not
// export; keep the two in step.
function serialise(row: FocusRow): string {
  let out = "";
  for (const name of FOCUS_COLUMN_NAMES) {
    const value = row[name];
    if (FOCUS_COLUMNS[name] === "json")
      out += `${csvField(value && Object.keys(value).length ? JSON.stringify(value) : null)},`;
    else out += `${csvField(value as string | null | undefined)},`;
  }
  const ext = row.extensions;
  out += csvField(ext && Object.keys(ext).length ? JSON.stringify(ext) : null);
  return out;
}
