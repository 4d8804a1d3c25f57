import { describe, expect, it } from "vitest";
import { type FocusRow, RowError, type SourceRecord } from "../import/focus.ts";
import { gcpFormat } from "./gcp.ts";

/** A standard usage cost export row, nested as `bq extract` writes JSON lines. */
const ROW: SourceRecord = {
  billing_account_id: "01A2B3-C4D5E6-F7A8B9",
  service: { id: "6F81-5844-456A", description: "Compute Engine" },
  sku: { id: "CF4E-A0C7-E3BF", description: "E2 Instance Core running in Americas" },
  usage_start_time: "2024-01-03T10:00:00Z",
  usage_end_time: "2024-01-03T11:00:00Z",
  project: { id: "acme-web-prod", name: "Acme Web Prod" },
  labels: [{ key: "team", value: "web" }],
  location: { location: "us-central1-a", region: "us-central1", zone: "us-central1-a" },
  cost: 0.043558,
  cost_at_list: 0.05,
  currency: "USD",
  usage: { amount: 7200, unit: "seconds", amount_in_pricing_units: 2, pricing_unit: "hour" },
  credits: [],
  invoice: { month: "202401" },
  cost_type: "regular",
};

function mapRow(overrides: SourceRecord = {}, base: SourceRecord = ROW): FocusRow {
  const record = { ...base, ...overrides };
  const row = gcpFormat.createMapper(Object.keys(record))(record);
  if (!row) throw new Error("no row");
  return row;
}

describe("GCP billing export costs", () => {
  it("folds credits into BilledCost and EffectiveCost and keeps their total", () => {
    const row = mapRow({
      credits: [
        { name: "Sustained Usage Discount", amount: -0.008712, type: "SUSTAINED_USAGE_DISCOUNT" },
        { name: "Free trial", amount: -0.01, type: "PROMOTION" },
      ],
    });
    expect(row).toMatchObject({
      BilledCost: "0.024846",
      EffectiveCost: "0.024846",
      ContractedCost: "0.043558",
      ListCost: "0.05",
      extensions: { x_Credits: "-0.018712" },
    });
  });

  it("has no credit extension on a row without credits", () => {
    expect(mapRow().extensions?.x_Credits).toBeUndefined();
  });

  it("starts the billing period at the invoice month's midnight Pacific time", () => {
    expect(mapRow()).toMatchObject({
      BillingPeriodStart: "2024-01-01T08:00:00Z",
      BillingPeriodEnd: "2024-02-01T08:00:00Z",
    });
    expect(mapRow({ invoice: { month: "202407" } }).BillingPeriodStart).toBe(
      "2024-07-01T07:00:00Z",
    );
    expect(mapRow({ invoice: { month: "202412" } }).BillingPeriodEnd).toBe("2025-01-01T08:00:00Z");
  });

  it("takes the Pacific-time month of the usage when the file has no invoice month", () => {
    const { invoice: _, ...withoutInvoice } = ROW;
    const at = (usage_start_time: string) =>
      mapRow({ usage_start_time }, withoutInvoice).BillingPeriodStart;
    // 03:00Z on 1 October is still 30 September in California.
    expect(at("2024-10-01T03:00:00Z")).toBe("2024-09-01T07:00:00Z");
    expect(at("2024-10-01T08:00:00Z")).toBe("2024-10-01T07:00:00Z");
    expect(at("2024-03-01T07:59:00Z")).toBe("2024-02-01T08:00:00Z");
    expect(mapRow({ invoice: { month: null } }).BillingPeriodStart).toBe("2024-01-01T08:00:00Z");
  });
});

describe("GCP billing export charge columns", () => {
  it("marks an adjustment of an earlier month as a correction", () => {
    const row = mapRow({
      cost_type: "adjustment",
      cost: -1.04,
      usage_start_time: "2023-12-20T00:00:00Z",
      adjustment_info: { type: "USAGE_CORRECTION", mode: "PARTIAL_CORRECTION" },
    });
    expect([row.ChargeCategory, row.ChargeClass, row.PricingCategory]).toEqual([
      "Adjustment",
      "Correction",
      null,
    ]);
  });

  it("treats a goodwill adjustment as a credit and tax as tax", () => {
    expect(
      mapRow({ cost_type: "adjustment", adjustment_info: { type: "GOODWILL" } }).ChargeCategory,
    ).toBe("Credit");
    expect(mapRow({ cost_type: "tax" })).toMatchObject({
      ChargeCategory: "Tax",
      PricingCategory: null,
    });
  });

  it("treats a commitment fee as a recurring purchase and CUD-covered usage as committed", () => {
    const fee = mapRow({
      sku: { id: "C89A", description: "Commitment v1: Cpu in Americas for 1 Year" },
    });
    expect([fee.ChargeCategory, fee.ChargeFrequency, fee.PricingCategory]).toEqual([
      "Purchase",
      "Recurring",
      "Standard",
    ]);
    const covered = mapRow({ credits: [{ amount: -0.043558, type: "COMMITTED_USAGE_DISCOUNT" }] });
    expect([covered.PricingCategory, covered.BilledCost]).toEqual(["Committed", "0"]);
  });

  it("maps project, location, service and labels", () => {
    expect(mapRow()).toMatchObject({
      SubAccountId: "acme-web-prod",
      SubAccountName: "Acme Web Prod",
      RegionId: "us-central1",
      AvailabilityZone: "us-central1-a",
      ServiceName: "Compute Engine",
      ServiceCategory: "Compute",
      ProviderName: "Google Cloud",
      Tags: { team: "web" },
    });
  });
});

describe("GCP billing export as flattened CSV", () => {
  const flat: SourceRecord = {
    billing_account_id: "01A2B3-C4D5E6-F7A8B9",
    "invoice.month": "202401",
    "service.description": "Cloud Storage",
    "sku.id": "E5F0-6A5D-7BAD",
    usage_start_time: "2024-01-01 00:00:00 UTC",
    usage_end_time: "2024-01-02 00:00:00 UTC",
    "project.id": "acme-data-dev",
    cost: "0.083871",
    currency: "USD",
    credits: '[{"name": "Free tier", "amount": -0.05}]',
    labels: '[{"key": "team", "value": "data"}]',
  };

  it("reads dotted columns, BigQuery timestamps and JSON-text credits and labels", () => {
    expect(mapRow({}, flat)).toMatchObject({
      ServiceName: "Cloud Storage",
      SkuId: "E5F0-6A5D-7BAD",
      SubAccountId: "acme-data-dev",
      ChargePeriodStart: "2024-01-01T00:00:00Z",
      BilledCost: "0.033871",
      Tags: { team: "data" },
    });
  });

  it("is claimed by the GCP format with dotted or underscored names", () => {
    expect(gcpFormat.detect(Object.keys(flat))).toBe(true);
    expect(
      gcpFormat.detect(["billing_account_id", "service_description", "usage_start_time", "cost"]),
    ).toBe(true);
  });
});

describe("GCP billing export errors", () => {
  it("refuses a cost that is not a number, naming the column", () => {
    expect(() => mapRow({ cost: "abc" })).toThrow(new RowError("cost", '"abc" is not a number'));
  });

  it("refuses an invoice month that is not YYYYMM", () => {
    expect(() => mapRow({ invoice: { month: "2024-01" } })).toThrow(
      new RowError("invoice.month", '"2024-01" is not a month (YYYYMM)'),
    );
  });

  it("refuses credits that are not a list", () => {
    expect(() => mapRow({ credits: "-0.5" })).toThrow(
      new RowError("credits", "must be a list of credits"),
    );
  });
});
