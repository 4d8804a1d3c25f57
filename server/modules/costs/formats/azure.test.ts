import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type FocusRow, RowError, type SourceRecord } from "../import/focus.ts";
import { openSource } from "../import/readers.ts";
import { azureFormat } from "./azure.ts";
import { detectFormat } from "./index.ts";

/** An EA cost details line (columns as in Microsoft's EA exports). */
const EA_LINE: SourceRecord = {
  BillingAccountId: "8611537",
  BillingPeriodStartDate: "09/01/2023",
  BillingPeriodEndDate: "09/30/2023",
  SubscriptionId: "1caaa5a3-2b66-438e-8ab4-bce37d518c5d",
  SubscriptionName: "Research",
  Date: "09/21/2023",
  MeterCategory: "Virtual Machines",
  MeterId: "f31064a2-ed95-4e11-8b69-270f2fc4fbdd",
  Quantity: "24",
  UnitPrice: "0.0104",
  PayGPrice: "0.0130",
  Cost: "0.2496",
  BillingCurrency: "USD",
  ConsumedService: "Microsoft.Compute",
  ResourceLocation: "UK South",
  Tags: "",
  ChargeType: "Usage",
  Frequency: "UsageBased",
  PricingModel: "OnDemand",
  benefitId: "",
  benefitName: "",
};

function mapLine(overrides: SourceRecord = {}, base: SourceRecord = EA_LINE): FocusRow {
  const record = { ...base, ...overrides };
  const row = azureFormat.createMapper(Object.keys(record))(record);
  if (!row) throw new Error("no row");
  return row;
}

const RESERVATION =
  "/providers/Microsoft.Capacity/reservationOrders/49ed0e4d/reservations/f39d1c73";
const SAVINGS_PLAN =
  "/providers/Microsoft.BillingBenefits/savingsPlanOrders/802a9e8b/savingsPlans/09ff8291";

describe("Azure cost details BilledCost and EffectiveCost (same rules for actual and amortised files)", () => {
  it.each([
    // [ChargeType, PricingModel, benefit, Cost] → [BilledCost, EffectiveCost, ChargeCategory, PricingCategory, status]
    ["Usage", "OnDemand", "", "0.25", "0.25", "0.25", "Usage", "Standard", null],
    ["Usage", "Spot", "", "0.05", "0.05", "0.05", "Usage", "Dynamic", null],
    ["Purchase", "Reservation", RESERVATION, "3.25", "3.25", "0", "Purchase", "Standard", null],
    ["Refund", "Reservation", RESERVATION, "-40", "-40", "0", "Purchase", "Standard", null],
    ["Usage", "Reservation", RESERVATION, "0", "0", "0", "Usage", "Committed", "Used"],
    [
      "Usage",
      "Reservation",
      RESERVATION,
      "0.493152",
      "0",
      "0.493152",
      "Usage",
      "Committed",
      "Used",
    ],
    ["Usage", "SavingsPlan", SAVINGS_PLAN, "0.31", "0", "0.31", "Usage", "Committed", "Used"],
    [
      "UnusedReservation",
      "Reservation",
      RESERVATION,
      "0.5",
      "0",
      "0.5",
      "Usage",
      "Committed",
      "Unused",
    ],
    [
      "UnusedSavingsPlan",
      "SavingsPlan",
      SAVINGS_PLAN,
      "1.2",
      "0",
      "1.2",
      "Usage",
      "Committed",
      "Unused",
    ],
    ["Purchase", "OnDemand", "", "12", "12", "12", "Purchase", "Standard", null],
    ["Tax", "", "", "1.7", "1.7", "1.7", "Tax", null, null],
    ["RoundingAdjustment", "", "", "0.01", "0.01", "0.01", "Adjustment", null, null],
  ])(
    "%s %s: cost %s",
    (chargeType, model, benefit, cost, billed, effective, category, pricing, status) => {
      const row = mapLine({
        ChargeType: chargeType,
        PricingModel: model,
        benefitId: benefit,
        Cost: cost,
      });
      expect(row).toMatchObject({
        BilledCost: billed,
        EffectiveCost: effective,
        ChargeCategory: category,
        PricingCategory: pricing,
        CommitmentDiscountStatus: status,
      });
    },
  );

  it("tells reservations from savings plans by the benefit", () => {
    expect(mapLine({ PricingModel: "Reservation", benefitId: RESERVATION })).toMatchObject({
      CommitmentDiscountId: RESERVATION,
      CommitmentDiscountCategory: "Usage",
      CommitmentDiscountType: "Reservation",
    });
    expect(mapLine({ PricingModel: "Savings Plans", benefitId: SAVINGS_PLAN })).toMatchObject({
      CommitmentDiscountCategory: "Spend",
      CommitmentDiscountType: "Savings Plan",
    });
  });

  it("prices list and contracted cost from PayGPrice and UnitPrice", () => {
    expect(mapLine()).toMatchObject({
      ListCost: "0.312",
      ContractedCost: "0.2496",
      ContractedUnitPrice: "0.0104",
    });
  });
});

describe("Azure cost details columns and dates", () => {
  it("reads EA dates in US order with an exclusive billing period end and a one-day charge period", () => {
    expect(mapLine()).toMatchObject({
      BillingPeriodStart: "2023-09-01T00:00:00Z",
      BillingPeriodEnd: "2023-10-01T00:00:00Z",
      ChargePeriodStart: "2023-09-21T00:00:00Z",
      ChargePeriodEnd: "2023-09-22T00:00:00Z",
      RegionId: "uksouth",
      ServiceCategory: "Compute",
    });
  });

  it("reads MCA's camelCase columns and ISO dates", () => {
    const mca: SourceRecord = {
      billingAccountId: "a1b2c3d4-0000-0000-0000-000000000000:e5f6_2019-05-31",
      billingPeriodStartDate: "2024-02-01",
      billingPeriodEndDate: "2024-02-29",
      subscriptionId: "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674",
      date: "2024-02-29",
      meterCategory: "Storage",
      costInBillingCurrency: "1.5",
      billingCurrency: "EUR",
      chargeType: "Usage",
      pricingModel: "OnDemand",
      invoiceId: "G012345678",
    };
    expect(mapLine({}, mca)).toMatchObject({
      BillingAccountId: "a1b2c3d4-0000-0000-0000-000000000000:e5f6_2019-05-31",
      BillingCurrency: "EUR",
      BilledCost: "1.5",
      BillingPeriodEnd: "2024-03-01T00:00:00Z",
      ChargePeriodStart: "2024-02-29T00:00:00Z",
      InvoiceId: "G012345678",
    });
  });

  it("reads older usage details (PreTaxCost, no billing account) under the subscription", () => {
    const old: SourceRecord = {
      SubscriptionGuid: "1caaa5a3-2b66-438e-8ab4-bce37d518c5d",
      UsageDateTime: "2019-06-30T00:00:00",
      MeterCategory: "Bandwidth",
      PreTaxCost: "0.0012",
      Currency: "GBP",
    };
    expect(mapLine({}, old)).toMatchObject({
      BillingAccountId: "1caaa5a3-2b66-438e-8ab4-bce37d518c5d",
      BillingPeriodStart: "2019-06-01T00:00:00Z",
      BillingPeriodEnd: "2019-07-01T00:00:00Z",
      BilledCost: "0.0012",
      ChargeCategory: "Usage",
    });
  });

  it("reads a localised export by the English names its headers carry in brackets", async () => {
    const file = fileURLToPath(
      new URL("../../../../test/fixtures/billing/azure-usage-german-headers.csv", import.meta.url),
    );
    const source = await openSource(file);
    expect(detectFormat(source.columns)?.id).toBe("azure-cost-details");
    const mapRow = azureFormat.createMapper(source.columns);
    const rows: FocusRow[] = [];
    for await (const record of source.records()) rows.push(mapRow(record)!);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      BillingAccountId: "11111111-12ab-34dc-56ef-123456abcdef",
      ChargePeriodStart: "2021-02-02T00:00:00Z",
      BilledCost: "0.075",
      BillingCurrency: "USD",
      ServiceName: "Load Balancer",
    });
    // A header's own name still wins over another's bracketed alias.
    expect(
      azureFormat.detect([
        "Kosten (PreTaxCost)",
        "MeterCategory",
        "UsageDateTime",
        "SubscriptionId",
      ]),
    ).toBe(true);
  });

  it("reads tags with or without braces", () => {
    expect(mapLine({ Tags: '"env": "prod","org": "trey"' }).Tags).toEqual({
      env: "prod",
      org: "trey",
    });
    expect(mapLine({ Tags: '{"env": "prod"}' }).Tags).toEqual({ env: "prod" });
  });

  it("is not claimed for a FOCUS export", () => {
    expect(
      azureFormat.detect([
        "BilledCost",
        "BillingAccountId",
        "ChargePeriodStart",
        "x_SkuMeterCategory",
      ]),
    ).toBe(false);
  });
});

describe("Azure cost details errors", () => {
  it("refuses a cost that is not a number, naming the column", () => {
    expect(() => mapLine({ Cost: "abc" })).toThrow(new RowError("Cost", '"abc" is not a number'));
  });

  it("refuses a date that does not exist", () => {
    expect(() => mapLine({ Date: "02/30/2023" })).toThrow(
      new RowError("Date", '"02/30/2023" is not a valid date'),
    );
  });
});

describe("Azure resource ids", () => {
  it("are lower-cased like Azure's FOCUS export and the inventory, so costs meet resources", () => {
    const id =
      "/SUBSCRIPTIONS/1caaa5a3-2b66-438e-8ab4-bce37d518c5d/resourceGroups/AHBTest/providers/Microsoft.Compute/virtualMachines/AHB-VM";
    expect(mapLine({ ResourceId: id }).ResourceId).toBe(id.toLowerCase());
  });

  it("are read from the modern usage details' instanceName", () => {
    const modern: SourceRecord = {
      billingAccountId: "3c100a8a-215e-5a7e-24b2-61aa86945012",
      subscriptionGuid: "2639de71-ca37-4a17-a104-17665a50e7fc",
      date: "08/01/2023",
      meterCategory: "Storage",
      costInBillingCurrency: "0.0000204972",
      billingCurrencyCode: "USD",
      InstanceName:
        "/subscriptions/2639de71-ca37-4a17-a104-17665a50e7fc/resourceGroups/RG1/providers/Microsoft.Storage/storageAccounts/demo",
    };
    expect(mapLine({}, modern)).toMatchObject({
      ResourceId:
        "/subscriptions/2639de71-ca37-4a17-a104-17665a50e7fc/resourcegroups/rg1/providers/microsoft.storage/storageaccounts/demo",
      BilledCost: "0.0000204972",
      SubAccountId: "2639de71-ca37-4a17-a104-17665a50e7fc",
    });
  });

  it("leave other identifiers (an EA InstanceId that is not an ARM id) as written", () => {
    expect(mapLine({ InstanceId: "MyStorageAccount" }).ResourceId).toBe("MyStorageAccount");
  });
});
