import { describe, expect, it } from "vitest";
import { type FocusRow, RowError, type SourceRecord } from "../import/focus.ts";
import { digitalOceanFormat, moneyAmount } from "./digitalocean.ts";

/** The example in DigitalOcean's OpenAPI specification (billing/responses/invoice_csv.yml). */
const COLUMNS = [
  "product",
  "group_description",
  "description",
  "hours",
  "start",
  "end",
  "USD",
  "project_name",
  "category",
];
const FLOATING_IP = [
  "Floating IPs",
  "",
  "Unused Floating IP - 1.1.1.1",
  "100",
  "2020-07-01 00:00:00 +0000",
  "2020-07-22 18:14:39 +0000",
  "$3.11",
  "",
  "iaas",
];
const TAXES = [
  "Taxes",
  "",
  "STATE SALES TAX (6.25%)",
  "",
  "2020-07-01 00:00:00 +0000",
  "2020-07-31 23:59:59 +0000",
  "$0.16",
  "",
  "iaas",
];

function mapLine(values: (string | null)[]): FocusRow {
  const record: SourceRecord = Object.fromEntries(
    COLUMNS.map((column, i) => [column, values[i] || null]),
  );
  const row = digitalOceanFormat.createMapper(COLUMNS)(record);
  if (!row) throw new Error("no row");
  return row;
}

describe("DigitalOcean invoice CSV", () => {
  it("is recognised by its columns, the amount column named after the currency", () => {
    expect(digitalOceanFormat.detect(COLUMNS)).toBe(true);
    expect(digitalOceanFormat.detect(COLUMNS.filter((column) => column !== "USD"))).toBe(false);
  });

  it("maps the specification's example lines", () => {
    expect(mapLine(FLOATING_IP)).toMatchObject({
      BillingAccountId: "digitalocean",
      BillingCurrency: "USD",
      BilledCost: "3.11",
      EffectiveCost: "3.11",
      BillingPeriodStart: "2020-07-01T00:00:00Z",
      BillingPeriodEnd: "2020-08-01T00:00:00Z",
      ChargePeriodEnd: "2020-07-22T18:14:39Z",
      ChargeCategory: "Usage",
      ConsumedQuantity: "100",
      ConsumedUnit: "Hours",
      ServiceName: "Floating IPs",
      ServiceCategory: "Networking",
    });
    expect(mapLine(TAXES)).toMatchObject({
      ChargeCategory: "Tax",
      BilledCost: "0.16",
      PricingCategory: null,
      ConsumedQuantity: null,
    });
  });

  it.each([
    ["$3.11", "3.11"],
    ["-$10.00", "-10.00"],
    ["$-10.00", "-10.00"],
    ["($10.00)", "-10.00"],
    ["$1,234.56", "1234.56"],
    ["$0.00", "0.00"],
  ])("reads %s as %s", (written, amount) => {
    expect(moneyAmount(written, "USD")).toBe(amount);
  });

  it("refuses an amount that is not money, naming the column", () => {
    expect(() => mapLine([...FLOATING_IP.slice(0, 6), "abc", "", "iaas"])).toThrow(
      new RowError("USD", '"abc" is not a number'),
    );
    expect(() => moneyAmount("$", "USD")).toThrow(RowError);
  });
});
