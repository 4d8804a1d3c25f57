import path from "node:path";
import Decimal from "decimal.js";
import { beforeAll, describe, expect, it } from "vitest";
import type { FocusColumn, FocusRow, SourceFormatId } from "../import/focus.ts";
import { openSource, recordObject } from "../import/readers.ts";
import { SOURCE_FORMAT_LIST } from "./index.ts";
import {
  awsTotaller,
  azureTotaller,
  digitalOceanTotaller,
  focusTotaller,
  gcpTotaller,
  ociTotaller,
  type SourceTotaller,
  snakeCase,
} from "./source-totals.testkit.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../../../../test/fixtures/billing");

/** Columns FOCUS 1.2 requires on every row (Mandatory, nulls not allowed). */
const MANDATORY: FocusColumn[] = [
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "BillingAccountId",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ProviderName",
  "PublisherName",
  "InvoiceIssuerName",
  "ServiceName",
  "ServiceCategory",
];

/** FOCUS 1.2 allowed values. */
const ALLOWED: Partial<Record<FocusColumn, readonly (string | null)[]>> = {
  ChargeCategory: ["Usage", "Purchase", "Tax", "Credit", "Adjustment"],
  ChargeClass: ["Correction", null],
  ChargeFrequency: ["One-Time", "Recurring", "Usage-Based"],
  PricingCategory: ["Standard", "Dynamic", "Committed", "Other", null],
  CommitmentDiscountStatus: ["Used", "Unused", null],
  CommitmentDiscountCategory: ["Spend", "Usage", null],
  ServiceCategory: [
    "AI and Machine Learning",
    "Analytics",
    "Business Applications",
    "Compute",
    "Databases",
    "Developer Tools",
    "Multicloud",
    "Identity",
    "Integration",
    "Internet of Things",
    "Management and Governance",
    "Media",
    "Migration",
    "Mobile",
    "Networking",
    "Security",
    "Storage",
    "Web",
    "Other",
  ],
};

interface Fixture {
  file: string;
  format: SourceFormatId;
  totaller: SourceTotaller;
  /** Rows, BilledCost and EffectiveCost per `BillingAccountId|BillingPeriodStart`, to the cent. */
  totals: Record<string, [rows: number, billed: string, effective: string]>;
  /** Mandatory columns left null, with how many rows: what the source cannot give. */
  gaps: Partial<Record<FocusColumn, number>>;
  /** Values outside FOCUS 1.2's allowed lists that the source itself carries. */
  disallowed?: string[];
}

const FIXTURE_LIST: Fixture[] = [
  {
    file: "aws-cur-legacy.csv",
    format: "aws-cur",
    totaller: awsTotaller((name) => name),
    totals: { "123412340534|2023-11-01T00:00:00Z": [300, "0.31", "0.31"] },
    gaps: { ContractedCost: 300 },
  },
  {
    file: "aws-cur-athena.csv",
    format: "aws-cur",
    totaller: awsTotaller(snakeCase),
    totals: { "123412340534|2023-11-01T00:00:00Z": [40, "0.08", "0.08"] },
    gaps: { ContractedCost: 40 },
  },
  {
    file: "aws-cur-workshop-oct2018.snappy.parquet",
    format: "aws-cur",
    totaller: awsTotaller(snakeCase),
    // $4,064.48 unblended is the total the workshop states for October 2018.
    totals: { "836060457634|2018-10-01T00:00:00Z": [119307, "4064.48", "4195.96"] },
    gaps: { ContractedCost: 119307 },
  },
  {
    file: "aws-cur2.csv",
    format: "aws-cur2",
    totaller: awsTotaller(snakeCase),
    totals: { "111122223333|2024-09-01T00:00:00Z": [31, "960.09", "125.17"] },
    gaps: { ContractedCost: 31 },
  },
  {
    file: "azure-ea-actual.csv",
    format: "azure-cost-details",
    totaller: azureTotaller("Cost"),
    totals: { "8611537|2023-09-01T00:00:00Z": [11, "8.55", "5.30"] },
    gaps: {},
  },
  {
    file: "azure-ea-amortized.csv",
    format: "azure-cost-details",
    totaller: azureTotaller("Cost"),
    totals: { "8611537|2023-09-01T00:00:00Z": [28, "15.80", "16.30"] },
    gaps: {},
  },
  {
    file: "azure-ea-converter-sample.csv",
    format: "azure-cost-details",
    totaller: azureTotaller("CostInBillingCurrency"),
    totals: { "12345678|2023-09-01T00:00:00Z": [27, "1.26", "1.26"] },
    gaps: {},
  },
  {
    file: "gcp-billing-export.jsonl",
    format: "gcp-billing-export",
    totaller: gcpTotaller(false),
    totals: {
      "01A2B3-C4D5E6-F7A8B9|2024-09-01T07:00:00Z": [21, "11.30", "11.30"],
      "01A2B3-C4D5E6-F7A8B9|2024-10-01T07:00:00Z": [18, "7.32", "7.32"],
    },
    gaps: {},
  },
  {
    file: "gcp-billing-export-flat.csv",
    format: "gcp-billing-export",
    totaller: gcpTotaller(true),
    totals: { "01A2B3-C4D5E6-F7A8B9|2024-09-01T07:00:00Z": [12, "1.18", "1.18"] },
    gaps: {},
  },
  {
    file: "oci-cost-report.csv",
    format: "oci-cost-report",
    totaller: ociTotaller,
    totals: {
      "ocid1.tenancy.oc1..aaaaaaaadsyhydp66mjpsohqocfcgzaabtrit47ex2igzu2j6lhuadrrglca|2023-11-01T00:00:00Z":
        [506, "2.52", "2.52"],
    },
    gaps: { ListCost: 506 },
  },
  {
    // Two object-storage rows that cost nothing come first, with no currency.
    file: "oci-cost-report-blank-currency.csv",
    format: "oci-cost-report",
    totaller: ociTotaller,
    totals: { "ocid1.tenancy.oc1..aaaaaaaa|2022-04-01T00:00:00Z": [5, "0.00", "0.00"] },
    gaps: { ListCost: 5, BillingCurrency: 2 },
  },
  {
    file: "digitalocean-invoice.csv",
    format: "digitalocean-invoice",
    totaller: digitalOceanTotaller,
    totals: { "digitalocean|2024-09-01T00:00:00Z": [17, "108.71", "108.71"] },
    gaps: {},
  },
  {
    file: "focus-sample-1000.csv",
    format: "focus",
    totaller: focusTotaller,
    totals: {
      "1234567890123|2024-09-01T00:00:00Z": [942, "18.01", "13.00"],
      "/providers/Microsoft.Billing/billingAccounts/8611537|2024-09-01T00:00:00Z": [
        51,
        "1.98",
        "1.98",
      ],
      "20209880|2024-09-01T00:00:00Z": [6, "0.30", "0.00"],
      "20209880|2024-10-01T00:00:00Z": [1, "0.24", "0.00"],
    },
    // The sample's Oracle rows have no ContractedCost; its Microsoft rows spell a FOCUS
    // 1.0-preview value. The FOCUS format passes both through as the file has them.
    gaps: { ContractedCost: 7 },
    disallowed: ["ChargeFrequency=Usage-based"],
  },
];

interface Sums {
  rows: number;
  billed: Decimal;
  effective: Decimal;
}

interface Reading {
  claimedBy: SourceFormatId[];
  mapped: Map<string, Sums>;
  source: Map<string, Sums>;
  gaps: Partial<Record<FocusColumn, number>>;
  disallowed: Set<string>;
}

function add(
  sums: Map<string, Sums>,
  key: string,
  billed: Decimal.Value,
  effective: Decimal.Value,
) {
  const current = sums.get(key) ?? { rows: 0, billed: new Decimal(0), effective: new Decimal(0) };
  sums.set(key, {
    rows: current.rows + 1,
    billed: current.billed.plus(billed),
    effective: current.effective.plus(effective),
  });
}

/** One pass over the file: maps every record and totals both sides (the Parquet file is 119k rows). */
async function readFixture(fixture: Fixture): Promise<Reading> {
  const source = await openSource(path.join(FIXTURES, fixture.file));
  const claimedBy = SOURCE_FORMAT_LIST.filter((f) => f.detect(source.columns)).map((f) => f.id);
  const format = SOURCE_FORMAT_LIST.find((f) => f.id === fixture.format);
  if (!format) throw new Error(`no format ${fixture.format}`);
  const map = format.createMapper(source.columns);
  const reading: Reading = {
    claimedBy,
    mapped: new Map(),
    source: new Map(),
    gaps: {},
    disallowed: new Set(),
  };
  for await (const record of source.records()) {
    const row = map(record);
    if (!row) throw new Error("a fixture record mapped to no row");
    add(
      reading.mapped,
      `${row.BillingAccountId}|${row.BillingPeriodStart}`,
      row.BilledCost ?? 0,
      row.EffectiveCost ?? 0,
    );
    const line = fixture.totaller(recordObject(source.columns, record));
    add(reading.source, `${line.account}|${line.period}`, line.billed, line.effective);
    checkColumns(row, reading);
  }
  return reading;
}

function checkColumns(row: FocusRow, reading: Reading) {
  for (const column of MANDATORY)
    if (row[column] === null || row[column] === undefined)
      reading.gaps[column] = (reading.gaps[column] ?? 0) + 1;
  for (const [column, allowed] of Object.entries(ALLOWED)) {
    const value = row[column as FocusColumn] ?? null;
    if (!allowed.includes(value as string | null))
      reading.disallowed.add(`${column}=${String(value)}`);
  }
}

function cents(sums: Map<string, Sums>) {
  return Object.fromEntries(
    [...sums].map(([key, s]) => [key, [s.rows, s.billed.toFixed(2), s.effective.toFixed(2)]]),
  );
}

describe.each(FIXTURE_LIST)("billing fixture $file", (fixture) => {
  let reading: Reading;
  beforeAll(async () => {
    reading = await readFixture(fixture);
  }, 120_000);

  it(`is read as ${fixture.format} and claimed by no other provider format`, () => {
    const others = reading.claimedBy.filter((id) => id !== fixture.format);
    expect(reading.claimedBy[0]).toBe(fixture.format);
    expect(others).toEqual([]);
  });

  it("reconciles BilledCost and EffectiveCost per billing account and period with the source columns", () => {
    expect(cents(reading.mapped)).toEqual(cents(reading.source));
    expect(cents(reading.mapped)).toEqual(fixture.totals);
  });

  it("fills the mandatory FOCUS columns with allowed values, except the documented gaps", () => {
    expect(reading.gaps).toEqual(fixture.gaps);
    expect([...reading.disallowed]).toEqual(fixture.disallowed ?? []);
  });
});
