import { describe, expect, it } from "vitest";
import { type FocusRow, RowError, type SourceRecord } from "../import/focus.ts";
import { ociFormat } from "./oci.ts";

const LINE: SourceRecord = {
  "lineItem/referenceNo": "7108a1f83bdbad70487bf0cf99cbe260",
  "lineItem/tenantId": "ocid1.tenancy.oc1..aaaa",
  "lineItem/intervalUsageStart": "2023-11-30T23:00Z",
  "lineItem/intervalUsageEnd": "2023-12-01T00:00:00Z",
  "product/service": "COMPUTE",
  "product/compartmentId": "ocid1.compartment.oc1..bbbb",
  "product/compartmentName": "web",
  "product/region": "eu-frankfurt-1",
  "usage/billedQuantity": "1",
  "cost/unitPrice": "0.025",
  "cost/myCost": "8.133160000E-9",
  "cost/myCostOverage": "",
  "cost/currencyCode": "EUR",
  "cost/skuUnitDescription": "OCPU Hours",
  "lineItem/isCorrection": "false",
  "tags/Oracle-Tags.CreatedBy": "default/someone@example.com",
  "tags/team": "web",
  "tags/Oracle-Tags.CreatedOn": "",
};

function mapLine(overrides: SourceRecord = {}): FocusRow {
  const record = { ...LINE, ...overrides };
  const row = ociFormat.createMapper(Object.keys(record))(record);
  if (!row) throw new Error("no row");
  return row;
}

describe("OCI cost report", () => {
  it("bills my cost, exponent and all, in the month the usage started", () => {
    expect(mapLine()).toMatchObject({
      BilledCost: "0.00000000813316",
      EffectiveCost: "0.00000000813316",
      BillingPeriodStart: "2023-11-01T00:00:00Z",
      BillingPeriodEnd: "2023-12-01T00:00:00Z",
      ChargePeriodStart: "2023-11-30T23:00:00Z",
      BillingAccountId: "ocid1.tenancy.oc1..aaaa",
      SubAccountName: "web",
      ServiceCategory: "Compute",
      ProviderName: "Oracle",
    });
  });

  it("keeps defined and free-form tags under their column's key", () => {
    expect(mapLine().Tags).toEqual({
      "Oracle-Tags.CreatedBy": "default/someone@example.com",
      team: "web",
    });
  });

  it("marks OCI's corrections", () => {
    const row = mapLine({ "lineItem/isCorrection": "true", "cost/myCost": "-0.5" });
    expect([row.ChargeClass, row.PricingCategory, row.ConsumedQuantity]).toEqual([
      "Correction",
      null,
      null,
    ]);
  });

  it("gives a blank currency the file's when the row costs nothing, and refuses it otherwise", () => {
    const mapRow = ociFormat.createMapper(Object.keys(LINE));
    const blank = { ...LINE, "cost/currencyCode": "", "cost/myCost": "0.000000000000" };
    expect(mapRow(blank)!.BillingCurrency).toBeNull();
    expect(mapRow(LINE)!.BillingCurrency).toBe("EUR");
    expect(mapRow(blank)!.BillingCurrency).toBe("EUR");
    const costly = { ...blank, "cost/myCost": "0.25" };
    expect(() => mapRow(costly)).toThrow(RowError);
  });

  it("refuses a cost that is not a number, naming the column", () => {
    expect(() => mapLine({ "cost/myCost": "abc" })).toThrow(
      new RowError("cost/myCost", '"abc" is not a number'),
    );
  });
});
