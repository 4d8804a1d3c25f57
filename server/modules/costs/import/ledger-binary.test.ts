import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../../../../test/support/test-database.ts";
import { copyBinary, rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import {
  FOCUS_COLUMN_NAMES,
  FOCUS_COLUMNS,
  type FocusRow,
  RowError,
  sqlColumnOf,
} from "./focus.ts";
import { LEDGER_TARGET } from "./importer.ts";
import { LedgerChunkWriter } from "./ledger-binary.ts";

let testDb: TestDatabase;
let db: Db;
beforeAll(async () => {
  testDb = await openTestDatabase();
  db = testDb.database.db;
});
afterAll(() => testDb.close());

const workspaceId = randomUUID();

/** Copies the rows in binary inside a transaction that is rolled back; returns them as text. */
async function roundTrip(rows: FocusRow[]): Promise<Record<string, string | null>[]> {
  const importId = randomUUID();
  const writer = new LedgerChunkWriter(workspaceId, importId);
  for (const [i, row] of rows.entries()) writer.add(i + 1, row);
  const data = writer.take();
  const stored: Record<string, string | null>[] = [];
  await db
    .transaction(async (tx) => {
      await copyBinary(tx as unknown as Db, LEDGER_TARGET, [data]);
      const columns = FOCUS_COLUMN_NAMES.map((name) =>
        FOCUS_COLUMNS[name] === "datetime"
          ? `to_char(${sqlColumnOf(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "${name}"`
          : `${sqlColumnOf(name)}::text AS "${name}"`,
      );
      const result = await tx.execute(
        sql.raw(`SELECT workspace_id::text AS ws, import_id::text AS imp, source_row, ${columns.join(", ")}, extensions
          FROM cost_line_items WHERE import_id = '${importId}' ORDER BY source_row`),
      );
      for (const row of rowsOf<Record<string, string | null>>(result)) {
        expect(row.ws).toBe(workspaceId);
        expect(row.imp).toBe(importId);
        stored.push(row);
      }
      throw new Rollback();
    })
    .catch((error) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return stored;
}
class Rollback extends Error {}

/** What PostgreSQL's own numeric input makes of the text, as text. */
async function numericIn(values: string[]): Promise<string[]> {
  const result = await db.execute(
    sql`SELECT v::numeric::text AS n FROM unnest(${`{${values.join(",")}}`}::text[]) WITH ORDINALITY u(v, i) ORDER BY i`,
  );
  return rowsOf<{ n: string }>(result).map((r) => r.n);
}

const plainDecimal = fc
  .tuple(
    fc.constantFrom("", "-", "+"),
    fc.stringMatching(/^[0-9]{0,24}$/),
    fc.option(fc.stringMatching(/^[0-9]{0,24}$/), { nil: null }),
  )
  .filter(([, whole, fraction]) => whole.length > 0 || (fraction ?? "").length > 0)
  .map(([sign, whole, fraction]) =>
    fraction === null ? sign + whole : `${sign}${whole}.${fraction}`,
  );

describe("ledger rows in binary COPY", () => {
  it("store every decimal exactly as numeric_in reads its text, scale included", async () => {
    const fixed = [
      "0",
      "-0.000",
      "0.5",
      ".5",
      "7.",
      "1.2340",
      "10000",
      "0.0001",
      "-12345.678901234",
    ];
    const generated = fc.sample(plainDecimal, { numRuns: 300, seed: 7 });
    const values = [...fixed, ...generated];
    const stored = await roundTrip(
      values.map((BilledCost) => ({ BilledCost, ChargePeriodStart: null })),
    );
    expect(stored.map((r) => r.BilledCost)).toEqual(await numericIn(values));
  });

  it("store text, instants and JSON as written, and absent values as null", async () => {
    const row: FocusRow = {
      BillingAccountId: "123456789012",
      ServiceName: 'Amazon "Elastic", Compute\nCloud — é 😀',
      ChargeDescription: "back\\slash\ttab",
      ChargePeriodStart: "2024-09-01T00:00:00Z",
      ChargePeriodEnd: "2024-09-01T01:00:00Z",
      BillingPeriodStart: "2024-09-01T00:00:00Z",
      ListCost: "1.50",
      Tags: { client: "acme", "user:team": 'a"b' },
      SkuPriceDetails: {},
      extensions: { x_UsageType: "EUW1-BoxUsage", x_Amount: 2 },
    };
    const [stored] = await roundTrip([row, { ChargePeriodStart: "2024-09-30T23:59:59Z" }]);
    expect(stored).toMatchObject({
      source_row: 1,
      BillingAccountId: "123456789012",
      ServiceName: row.ServiceName,
      ChargeDescription: row.ChargeDescription,
      ChargePeriodStart: "2024-09-01T00:00:00Z",
      ChargePeriodEnd: "2024-09-01T01:00:00Z",
      ListCost: "1.50",
      BilledCost: null,
      RegionId: null,
      SkuPriceDetails: null,
      extensions: '{"x_UsageType":"EUW1-BoxUsage","x_Amount":2}',
    });
    expect(JSON.parse(stored!.Tags!)).toEqual(row.Tags);
  });

  it("refuse a value the ledger cannot hold, naming its column", () => {
    const writer = new LedgerChunkWriter(workspaceId, randomUUID());
    for (const [column, value] of [
      ["BilledCost", "1e5"],
      ["EffectiveCost", "12,5"],
      ["ListUnitPrice", "-"],
      ["PricingQuantity", "1.2.3"],
      ["ContractedCost", "9".repeat(1001)],
      ["ChargePeriodStart", "2024-09-01"],
      ["ChargePeriodEnd", "2024-02-31T00:00:00Z"],
      ["ServiceName", "Amazon\u0000EC2"],
      ["Tags", { team: "a\u0000b" }],
      ["extension columns", { x_Note: "\u0000" }],
    ] as const) {
      const error = (() => {
        try {
          const field = column === "extension columns" ? "extensions" : column;
          writer.add(1, { [field]: value } as FocusRow);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, `${column} = ${JSON.stringify(value)}`).toBeInstanceOf(RowError);
      expect((error as RowError).column).toBe(column);
    }
  });
});
