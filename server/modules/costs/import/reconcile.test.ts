import { statSync } from "node:fs";
import path from "node:path";
import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import {
  awsTotaller,
  azureTotaller,
  digitalOceanTotaller,
  focusTotaller,
  gcpTotaller,
  ociTotaller,
  type SourceTotaller,
  snakeCase,
} from "../formats/source-totals.testkit.ts";
import { openSource, recordObject } from "./readers.ts";

/**
 * Every billing fixture through the whole path (upload → importer → ledger → roll-ups), its
 * totals per billing account and period compared to the cent with sums taken straight from the
 * file's own columns.
 */
const FIXTURES = path.resolve(import.meta.dirname, "../../../../test/fixtures/billing");
// The 119k-row workshop Parquet file is reconciled row by row through its mapper in
// formats.test.ts; through the database it takes over a minute on PGlite (bench/RESULTS.md),
// so the ledger path is proven here on the other files, CSV, CSV and JSON lines alike.
const CASES: [string, SourceTotaller][] = [
  ["aws-cur-legacy.csv", awsTotaller((name) => name)],
  ["aws-cur-athena.csv", awsTotaller(snakeCase)],
  ["aws-cur2.csv", awsTotaller(snakeCase)],
  ["azure-ea-actual.csv", azureTotaller("Cost")],
  ["azure-ea-amortized.csv", azureTotaller("Cost")],
  ["azure-ea-converter-sample.csv", azureTotaller("CostInBillingCurrency")],
  ["gcp-billing-export.jsonl", gcpTotaller(false)],
  ["gcp-billing-export-flat.csv", gcpTotaller(true)],
  ["oci-cost-report.csv", ociTotaller],
  ["oci-cost-report-blank-currency.csv", ociTotaller],
  ["digitalocean-invoice.csv", digitalOceanTotaller],
  ["focus-sample-1000.csv", focusTotaller],
];

type Totals = Record<string, [billed: string, effective: string]>;

async function sourceTotals(file: string, totaller: SourceTotaller): Promise<Totals> {
  const sums = new Map<string, [Decimal, Decimal]>();
  const source = await openSource(path.join(FIXTURES, file));
  for await (const record of source.records()) {
    const line = totaller(recordObject(source.columns, record));
    const key = `${line.account}|${line.period}`;
    const [billed, effective] = sums.get(key) ?? [new Decimal(0), new Decimal(0)];
    sums.set(key, [billed.plus(line.billed), effective.plus(line.effective)]);
  }
  return Object.fromEntries([...sums].map(([k, [b, e]]) => [k, [b.toFixed(2), e.toFixed(2)]]));
}

async function ledgerTotals(rt: TestRuntime, table: string, importId: string): Promise<Totals> {
  const result = await rt.database.db.execute(sql`
    SELECT billing_account_id AS account,
      to_char(billing_period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS period,
      round(coalesce(sum(billed_cost), 0), 2)::text AS billed,
      round(coalesce(sum(effective_cost), 0), 2)::text AS effective
    FROM ${sql.raw(table)} WHERE import_id = ${importId} GROUP BY 1, 2`);
  return Object.fromEntries(
    rowsOf<{ account: string; period: string; billed: string; effective: string }>(result).map(
      (r) => [`${r.account}|${r.period}`, [r.billed, r.effective]],
    ),
  );
}

let rt: TestRuntime;
beforeAll(async () => {
  rt = await createTestRuntime();
});
afterAll(async () => {
  await rt?.close();
});

describe("ledger totals reconcile with the source files to the cent", () => {
  for (const [file, totaller] of CASES) {
    it(file, async () => {
      // Each file in its own workspace: fixtures share accounts and periods, and would replace each other.
      const owner = await createOwner(rt, `${file}@example.com`, file);
      const filePath = path.join(FIXTURES, file);
      const upload = { path: filePath, name: file, bytes: statSync(filePath).size };
      const imported = (await rt.as({ ...owner.caller, upload }, "costs.import", {})) as {
        id: string;
        periods: {
          billingAccountId: string;
          billingPeriodStart: string;
          billedCost: string;
          effectiveCost: string;
        }[];
      };
      const expected = await sourceTotals(file, totaller);
      expect(await ledgerTotals(rt, "cost_line_items", imported.id)).toEqual(expected);
      expect(await ledgerTotals(rt, "cost_daily", imported.id)).toEqual(expected);
      expect(await ledgerTotals(rt, "cost_daily_resource", imported.id)).toEqual(expected);
      const reported = Object.fromEntries(
        imported.periods.map((p) => [
          `${p.billingAccountId}|${p.billingPeriodStart}`,
          [new Decimal(p.billedCost).toFixed(2), new Decimal(p.effectiveCost).toFixed(2)],
        ]),
      );
      expect(reported).toEqual(expected);
    }, 120_000);
  }
});

describe("rows the file leaves without a currency", () => {
  it("take the file's only currency when they cost nothing", async () => {
    const file = "oci-cost-report-blank-currency.csv";
    const owner = await createOwner(rt, "currency@example.com", "Currency");
    const filePath = path.join(FIXTURES, file);
    const upload = { path: filePath, name: file, bytes: statSync(filePath).size };
    const imported = (await rt.as({ ...owner.caller, upload }, "costs.import", {})) as {
      id: string;
      periods: { currency: string | null; rows: number }[];
    };
    expect(imported.periods.map((p) => [p.currency, p.rows])).toEqual([["GBP", 5]]);
    const result = await rt.database.db.execute(sql`
      SELECT count(*)::int AS n FROM cost_line_items
      WHERE import_id = ${imported.id} AND billing_currency IS NULL`);
    expect(rowsOf<{ n: number }>(result)[0]!.n).toBe(0);
  });
});
