import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FocusRow } from "../import/focus.ts";
import { openSource, recordObject } from "../import/readers.ts";
import { detectFormat } from "./index.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../test/fixtures/billing");
const dir = mkdtempSync(path.join(tmpdir(), "gp-focus-jsonl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function mappedRows(file: string): Promise<FocusRow[]> {
  const source = await openSource(file);
  const format = detectFormat(source.columns);
  expect(format?.id).toBe("focus");
  const map = format!.createMapper(source.columns);
  const rows: FocusRow[] = [];
  for await (const record of source.records()) rows.push(map(record)!);
  return rows;
}

describe("FOCUS as JSON lines", () => {
  // An exporter may write JSON lines without their null fields, so the first record does not
  // name every column the file has.
  it("keeps the columns that the first record leaves out", async () => {
    const csv = path.join(FIXTURES, "focus-sample-1000.csv");
    const source = await openSource(csv);
    const lines: string[] = [];
    for await (const record of source.records()) {
      const object = recordObject(source.columns, record);
      const present = Object.entries(object).filter(([, value]) => value !== null);
      const json = Object.fromEntries(
        present.map(([key, value]) => [key, key === "Tags" ? JSON.parse(String(value)) : value]),
      );
      lines.push(JSON.stringify(json));
    }
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first.Tags).toBeUndefined();
    expect(first.CommitmentDiscountId).toBeUndefined();
    const jsonl = path.join(dir, "focus-sample.jsonl");
    writeFileSync(jsonl, `${lines.join("\n")}\n`);

    const fromJson = await mappedRows(jsonl);
    const fromCsv = await mappedRows(csv);
    expect(fromJson.filter((row) => row.Tags).length).toBe(
      fromCsv.filter((row) => row.Tags).length,
    );
    expect(fromJson.filter((row) => row.CommitmentDiscountId).length).toBeGreaterThan(0);
    // A column the record leaves out is absent from the row, where the CSV's blank is null.
    const present = (rows: FocusRow[]) =>
      JSON.parse(JSON.stringify(rows, (_key, value) => (value === null ? undefined : value)));
    expect(present(fromJson)).toEqual(present(fromCsv));
  });
});

describe("FOCUS column names", () => {
  it("reads display-name headers, the three that are not the id included", async () => {
    const file = path.join(dir, "display-names.csv");
    writeFileSync(
      file,
      "Billing Account Id,Billing Period Start,Charge Period Start,Billed Cost,Effective Cost," +
        "Billing Currency,Provider,Publisher,Invoice Issuer,Service Name\n" +
        "123,2024-09-01,2024-09-02,1.25,1.00,USD,Microsoft,Contoso,Microsoft,Azure Monitor\n",
    );
    const [row] = await mappedRows(file);
    expect(row).toMatchObject({
      BillingAccountId: "123",
      BilledCost: "1.25",
      EffectiveCost: "1.00",
      ProviderName: "Microsoft",
      PublisherName: "Contoso",
      InvoiceIssuerName: "Microsoft",
    });
    expect(row?.extensions).toBeUndefined();
  });

  it("reads FOCUS 0.5 (Provider, Publisher, InvoiceIssuer, AmortizedCost, ChargeType)", async () => {
    const rows = await mappedRows(path.join(FIXTURES, "focus-0.5-validator-sample.csv"));
    expect(rows.map((row) => [row.ProviderName, row.PublisherName, row.InvoiceIssuerName])).toEqual(
      [
        ["A", "Publisher1", "test-entity-1"],
        ["B", "Publisher2", "test-entity-2"],
      ],
    );
    expect(rows.map((row) => [row.BilledCost, row.EffectiveCost, row.ChargeCategory])).toEqual([
      ["0.1", "0.01", "Purchase"],
      ["1", "1", "Adjustment"],
    ]);
  });

  it("takes a column under its 1.2 name over one under an earlier name, wherever it stands", async () => {
    const file = path.join(dir, "both-names.csv");
    writeFileSync(
      file,
      "BillingAccountId,BillingPeriodStart,ChargePeriodStart,BilledCost,AmortizedCost,EffectiveCost,Provider,ProviderName\n" +
        "123,2024-09-01,2024-09-02,1.25,9.99,1.00,Old,Microsoft\n",
    );
    const [row] = await mappedRows(file);
    expect(row).toMatchObject({ EffectiveCost: "1.00", ProviderName: "Microsoft" });
    expect(row?.extensions).toEqual({ x_AmortizedCost: "9.99", x_Provider: "Old" });
  });
});
