import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { focusFile } from "./focus-file.testing.ts";
import { type ImportProgress, importCostFile } from "./importer.ts";

// The importer reads large files in a worker thread; `workerFromBytes: 0` sends these small
// ones there too, and each is compared with the same file read in process.
let rt: TestRuntime;
let inProcess: string;
let inWorker: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  inProcess = (await createOwner(rt, "in-process@example.com", "In process")).workspaceId;
  inWorker = (await createOwner(rt, "in-worker@example.com", "In worker")).workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../../test/fixtures/billing/${name}`, import.meta.url));

function importInto(
  workspaceId: string,
  filePath: string,
  workerFromBytes: number,
  fileName = path.basename(filePath),
  onProgress?: (progress: ImportProgress) => void,
) {
  return rt.database.db.transaction((tx) =>
    importCostFile(tx as unknown as Db, {
      workspaceId,
      importedBy: null,
      filePath,
      fileName,
      workerFromBytes,
      onProgress,
    }),
  );
}

/** A digest of an import's ledger rows, every column but the ids that differ by design. */
async function ledgerDigest(importId: string): Promise<{ rows: number; md5: string }> {
  const [row] = rowsOf<{ rows: number; md5: string }>(
    await rt.database.db.execute(sql`
      SELECT count(*)::int AS rows,
        md5(string_agg((to_jsonb(c) - 'id' - 'import_id' - 'workspace_id')::text, E'\n' ORDER BY source_row)) AS md5
      FROM cost_line_items c WHERE import_id = ${importId}`),
  );
  return row!;
}

describe("importing in a worker thread", () => {
  for (const name of ["aws-cur-legacy.csv", "gcp-billing-export.jsonl", "focus-sample-1000.csv"])
    it(`writes the same ledger, periods and conformance report as in process: ${name}`, async () => {
      const here = await importInto(inProcess, fixture(name), Number.POSITIVE_INFINITY);
      const there = await importInto(inWorker, fixture(name), 0);
      expect(there.rows).toBe(here.rows);
      expect(there.format).toBe(here.format);
      expect(there.periods).toEqual(here.periods);
      expect(there.conformance).toEqual(here.conformance);
      expect(await ledgerDigest(there.id)).toEqual(await ledgerDigest(here.id));
    }, 120_000); // two imports and a worker's start, on a shared machine

  // The UI, the CLI and the API all pass a progress callback; it stays on this thread.
  it("reports progress from a worker as in process", async () => {
    const seen: ImportProgress[] = [];
    const result = await importInto(
      inWorker,
      fixture("aws-cur-legacy.csv"),
      0,
      "aws-cur-legacy.csv",
      (progress) => seen.push(progress),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.at(-1)).toMatchObject({ rows: result.rows });
    expect(seen.at(-1)?.bytesRead).toBe(seen.at(-1)?.bytes);
  }, 60_000);

  it("refuses a bad row after chunks were copied, naming it, and writes nothing", async () => {
    const lines = Array.from({ length: 12_001 }, (_, i) => ({
      day: "2024-09-05",
      billed: i === 12_000 ? "abc" : "1",
    }));
    const upload = focusFile(lines, "late-error.csv");
    const count = async () =>
      rowsOf<{ lines: number; imports: number }>(
        await rt.database.db.execute(sql`
          SELECT (SELECT count(*)::int FROM cost_line_items WHERE workspace_id = ${inWorker}) AS lines,
            (SELECT count(*)::int FROM cost_imports WHERE workspace_id = ${inWorker}) AS imports`),
      )[0]!;
    const before = await count();
    const error = await importInto(inWorker, upload.path, 0, upload.name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(
      /^late-error\.csv: data row 12001, column BilledCost: /,
    );
    expect((error as AppError).details).toMatchObject({ row: 12_001, column: "BilledCost" });
    expect(await count()).toEqual(before);
  }, 120_000);
});
