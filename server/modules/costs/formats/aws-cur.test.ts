import { describe, expect, it } from "vitest";
import { type FocusRow, RowError, type SourceRecord } from "../import/focus.ts";
import { awsCur2Format, awsCurFormat } from "./aws-cur.ts";
import { snakeCase } from "./source-totals.testkit.ts";

const LINE: SourceRecord = {
  "bill/PayerAccountId": "111122223333",
  "bill/BillType": "Anniversary",
  "bill/BillingPeriodStartDate": "2024-09-01T00:00:00.000Z",
  "bill/BillingPeriodEndDate": "2024-10-01T00:00:00.000Z",
  "lineItem/UsageAccountId": "444455556666",
  "lineItem/LineItemType": "Usage",
  "lineItem/UsageStartDate": "2024-09-03T00:00:00.000Z",
  "lineItem/UsageEndDate": "2024-09-03T01:00:00.000Z",
  "lineItem/ProductCode": "AmazonEC2",
  "lineItem/UsageType": "EU-BoxUsage:t3.micro",
  "lineItem/CurrencyCode": "USD",
  "lineItem/UnblendedCost": "1.25",
  "pricing/term": "OnDemand",
};

/** Maps one line of a legacy CUR whose columns are exactly this record's keys. */
function mapLine(overrides: SourceRecord = {}): FocusRow {
  const record = { ...LINE, ...overrides };
  const row = awsCurFormat.createMapper(Object.keys(record))(record);
  if (!row) throw new Error("no row");
  return row;
}

const SP = "arn:aws:savingsplans::111122223333:savingsplan/3c1b2a4e";
const RI = "arn:aws:ec2:eu-west-1:111122223333:reserved-instances/9a8b7c6d";

describe("AWS CUR BilledCost and EffectiveCost", () => {
  it.each([
    ["Usage", {}, "1.25", "1.25"],
    [
      "SavingsPlanCoveredUsage",
      { "savingsPlan/SavingsPlanARN": SP, "savingsPlan/SavingsPlanEffectiveCost": "0.78" },
      "1.25",
      "0.78",
    ],
    [
      "SavingsPlanNegation",
      { "savingsPlan/SavingsPlanARN": SP, "lineItem/UnblendedCost": "-1.25" },
      "-1.25",
      "0",
    ],
    [
      "SavingsPlanRecurringFee",
      {
        "savingsPlan/SavingsPlanARN": SP,
        "lineItem/UnblendedCost": "48.24",
        "savingsPlan/TotalCommitmentToDate": "48.24",
        "savingsPlan/UsedCommitment": "45.12",
      },
      "48.24",
      "3.12",
    ],
    [
      "SavingsPlanUpfrontFee",
      { "savingsPlan/SavingsPlanARN": SP, "lineItem/UnblendedCost": "438" },
      "438",
      "0",
    ],
    [
      "DiscountedUsage",
      {
        "reservation/ReservationARN": RI,
        "lineItem/UnblendedCost": "0",
        "reservation/EffectiveCost": "0.9811",
      },
      "0",
      "0.9811",
    ],
    [
      "RIFee",
      {
        "reservation/ReservationARN": RI,
        "lineItem/UnblendedCost": "21.60",
        "reservation/UnusedAmortizedUpfrontFeeForBillingPeriod": "1.25",
        "reservation/UnusedRecurringFee": "2.40",
      },
      "21.60",
      "3.65",
    ],
    ["Fee", { "reservation/ReservationARN": RI, "lineItem/UnblendedCost": "340" }, "340", "0"],
    ["Fee", { "lineItem/UnblendedCost": "29" }, "29", "29"],
  ])("%s %j: billed %s, effective %s", (type, columns, billed, effective) => {
    const row = mapLine({ "lineItem/LineItemType": type, ...columns });
    expect(row.BilledCost).toBe(billed);
    expect(row.EffectiveCost).toBe(effective);
  });

  it("falls back to the billed cost when a small account's report has no commitment columns", () => {
    expect(
      mapLine({ "lineItem/LineItemType": "DiscountedUsage", "lineItem/UnblendedCost": "0.4" })
        .EffectiveCost,
    ).toBe("0.4");
    expect(
      mapLine({ "lineItem/LineItemType": "RIFee", "lineItem/UnblendedCost": "7" }).EffectiveCost,
    ).toBe("7");
  });

  it("bills the net unblended cost when AWS reports one, and amortises from the net columns", () => {
    const net = mapLine({ "lineItem/NetUnblendedCost": "1.10" });
    expect([net.BilledCost, net.EffectiveCost]).toEqual(["1.10", "1.10"]);
    const blankNet = mapLine({ "lineItem/NetUnblendedCost": null });
    expect(blankNet.BilledCost).toBe("1.25");
    const covered = mapLine({
      "lineItem/LineItemType": "DiscountedUsage",
      "lineItem/UnblendedCost": "0",
      "lineItem/NetUnblendedCost": "0",
      "reservation/ReservationARN": RI,
      "reservation/EffectiveCost": "0.98",
      "reservation/NetEffectiveCost": "0.90",
    });
    expect(covered.EffectiveCost).toBe("0.90");
  });
});

describe("AWS CUR charge columns", () => {
  it("marks a credit for an earlier period as a correction, and a same-period refund not", () => {
    const credit = mapLine({
      "lineItem/LineItemType": "Credit",
      "lineItem/UsageStartDate": "2024-08-01T00:00:00Z",
      "lineItem/UnblendedCost": "-1.5",
    });
    expect([credit.ChargeCategory, credit.ChargeClass, credit.PricingCategory]).toEqual([
      "Credit",
      "Correction",
      null,
    ]);
    const refund = mapLine({ "lineItem/LineItemType": "Refund", "lineItem/UnblendedCost": "-3" });
    expect([refund.ChargeCategory, refund.ChargeClass]).toEqual(["Adjustment", null]);
  });

  it("maps pricing terms to FOCUS pricing categories", () => {
    expect(mapLine().PricingCategory).toBe("Standard");
    expect(mapLine({ "pricing/term": "Spot" }).PricingCategory).toBe("Dynamic");
    expect(
      mapLine({ "lineItem/LineItemType": "DiscountedUsage", "pricing/term": "Reserved" })
        .PricingCategory,
    ).toBe("Committed");
    expect(mapLine({ "lineItem/LineItemType": "Tax" }).PricingCategory).toBeNull();
  });

  it("describes the commitment a covered line used", () => {
    const row = mapLine({
      "lineItem/LineItemType": "SavingsPlanCoveredUsage",
      "savingsPlan/SavingsPlanARN": SP,
    });
    expect(row).toMatchObject({
      CommitmentDiscountId: SP,
      CommitmentDiscountCategory: "Spend",
      CommitmentDiscountType: "Savings Plan",
      CommitmentDiscountStatus: "Used",
      ChargeFrequency: "Usage-Based",
    });
  });

  it("files unused reservation cost on the RIFee line as Unused", () => {
    const row = mapLine({
      "lineItem/LineItemType": "RIFee",
      "reservation/ReservationARN": RI,
      "reservation/UnusedRecurringFee": "2.4",
    });
    expect([row.ChargeCategory, row.ChargeFrequency, row.CommitmentDiscountStatus]).toEqual([
      "Purchase",
      "Recurring",
      "Unused",
    ]);
  });
});

describe("AWS CUR tags", () => {
  it("reads legacy resourceTags columns, keeping aws: and dropping user:", () => {
    const row = mapLine({
      "resourceTags/user:Name": "web-1",
      "resourceTags/aws:createdBy": "IAMUser:deploy",
      "resourceTags/user:Team": null,
    });
    expect(row.Tags).toEqual({ Name: "web-1", "aws:createdBy": "IAMUser:deploy" });
  });

  it("reads Athena resource_tags_ columns as best it can", () => {
    const record = { resource_tags_user_cost_center: "42", resource_tags_aws_created_by: "root" };
    expect(mapLine(record).Tags).toEqual({ cost_center: "42", "aws:created_by": "root" });
  });

  it("reads the CUR 2.0 resource_tags map from JSON text, an object or a Map", () => {
    for (const tags of [
      '{"user_team":"web"}',
      { user_team: "web" },
      new Map([["user_team", "web"]]),
    ]) {
      const record = { ...LINE, "bill/PayerAccountName": "Example", resource_tags: tags };
      expect(awsCur2Format.createMapper(Object.keys(record))(record)?.Tags).toEqual({
        team: "web",
      });
    }
  });
});

describe("AWS CUR detection and errors", () => {
  it("tells legacy from CUR 2.0 by CUR 2.0's own columns", () => {
    const legacy = [
      "line_item_unblended_cost",
      "line_item_line_item_type",
      "bill_payer_account_id",
      "resource_tags_user_name",
    ];
    expect(awsCurFormat.detect(legacy)).toBe(true);
    expect(awsCur2Format.detect(legacy)).toBe(false);
    const cur2 = [...legacy.slice(0, 3), "product", "resource_tags", "bill_payer_account_name"];
    expect(awsCurFormat.detect(cur2)).toBe(false);
    expect(awsCur2Format.detect(cur2)).toBe(true);
  });

  it("refuses a cost that is not a number, naming the file's column", () => {
    expect(() => mapLine({ "lineItem/UnblendedCost": "abc" })).toThrow(
      new RowError("lineItem/UnblendedCost", '"abc" is not a number'),
    );
    const athena = Object.fromEntries(
      Object.entries(LINE).map(([name, value]) => [snakeCase(name), value]),
    );
    athena.line_item_unblended_cost = "abc";
    expect(() => awsCurFormat.createMapper(Object.keys(athena))(athena)).toThrow(
      new RowError("line_item_unblended_cost", '"abc" is not a number'),
    );
  });

  it("refuses a line without a payer account", () => {
    expect(() => mapLine({ "bill/PayerAccountId": null })).toThrow(
      new RowError("bill/PayerAccountId", "is empty"),
    );
  });
});
