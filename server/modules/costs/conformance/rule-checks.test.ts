import { describe, expect, it } from "vitest";
import { check, EVERY_CAPABILITY, failures, rule, usageRow } from "./conformance.testing.ts";
import { createConformanceCheck } from "./conformance.ts";
import { parseModel } from "./model.ts";

describe("conformance checks on ledger rows", () => {
  it("tells a date-time that is not in UTC form from one that is not a date-time at all", () => {
    const report = check([
      usageRow({ ChargePeriodStart: "2024-09-01 00:00:00" }),
      usageRow({ ChargePeriodStart: "1 September" }),
    ]);
    expect(rule(report, "ChargePeriodStart-C-002-M")).toMatchObject({ checked: 2, failed: 2 });
    expect(rule(report, "ChargePeriodStart-C-001-M")).toMatchObject({
      checked: 2,
      failed: 1,
      examples: [
        {
          row: 3,
          value: "1 September",
          reason: 'ChargePeriodStart "1 September" is not a date-time',
        },
      ],
    });
    expect(failures(report)).toEqual(["ChargePeriodStart-C-001-M", "ChargePeriodStart-C-002-M"]);
  });

  it("matches ListCost to ListUnitPrice × PricingQuantity at the precision ListCost is written in", () => {
    const priced = (ListCost: string) =>
      usageRow({ ListUnitPrice: "0.1234", PricingQuantity: "3", ListCost });
    const report = check([priced("0.3702"), priced("0.37"), priced("0.38"), priced("0.371")]);
    expect(rule(report, "ListCost-C-009-C")).toMatchObject({
      checked: 4,
      failed: 2,
      examples: [
        {
          row: 4,
          value: "0.38",
          reason: 'ListUnitPrice × PricingQuantity is 0.3702, but ListCost is "0.38"',
        },
        {
          row: 5,
          value: "0.371",
          reason: 'ListUnitPrice × PricingQuantity is 0.3702, but ListCost is "0.371"',
        },
      ],
    });
  });

  it("flags the row that gives a SkuPriceId a second SkuId", () => {
    const report = check(
      [
        usageRow(),
        usageRow(),
        usageRow({ SkuId: "SKU2" }),
        usageRow({ SkuPriceId: "P2", SkuId: "SKU2" }),
      ],
      EVERY_CAPABILITY,
    );
    expect(rule(report, "SkuPriceId-C-008-M")).toMatchObject({
      checked: 4,
      failed: 1,
      examples: [{ row: 4, reason: 'SkuPriceId "SKU1-PRICE" has SkuId "SKU2" as well as "SKU1"' }],
    });
  });

  it("checks what FOCUS says where the validator's model contradicts its own rule text", () => {
    const commitment = {
      CommitmentDiscountCategory: "Spend",
      CommitmentDiscountId: "sp-1",
      CommitmentDiscountName: "Savings plan",
      CommitmentDiscountQuantity: "1.2",
      CommitmentDiscountStatus: "Used",
      CommitmentDiscountType: "Savings Plan",
      CommitmentDiscountUnit: "USD",
    };
    const report = check(
      [
        usageRow(commitment),
        usageRow({ ...commitment, CommitmentDiscountStatus: null }),
        usageRow(),
      ],
      EVERY_CAPABILITY,
    );
    expect(rule(report, "CommitmentDiscountStatus-C-003-C")).toMatchObject({
      status: "pass",
      checked: 1,
    });
    expect(rule(report, "CommitmentDiscountStatus-C-005-M")).toMatchObject({
      status: "pass",
      checked: 1,
    });
    expect(rule(report, "CommitmentDiscountStatus-C-004-C")).toMatchObject({
      checked: 2,
      failed: 1,
    });
    expect(failures(report)).toEqual(["CommitmentDiscountStatus-C-004-C"]);
  });

  it("reads a cost's validity from the value, not from whether it is there", () => {
    const report = check([usageRow({ ListCost: "12 USD" })]);
    expect(failures(report)).toEqual(["ListCost-C-001-M", "ListCost-C-002-M", "ListCost-C-004-M"]);
  });

  it("checks blank strings, key-value columns and national currencies", () => {
    const report = check(
      [
        usageRow({
          ChargeDescription: " ",
          Tags: { nested: { a: "b" } } as never,
          BillingCurrency: "XXY",
        }),
      ],
      EVERY_CAPABILITY,
    );
    expect(rule(report, "ChargeDescription-C-002-M").examples[0]?.reason).toBe(
      "ChargeDescription is only whitespace",
    );
    expect(rule(report, "Tags-C-001-M").status).toBe("fail");
    expect(rule(report, "BillingCurrency-C-006-M").examples[0]?.reason).toBe(
      'BillingCurrency "XXY" is not an ISO 4217 national currency',
    );
  });
});

/** A rule as the model writes one, about BilledCost. */
const modelRule = (requirement: object, condition: object = {}) => ({
  Function: "Validation",
  Reference: "BilledCost",
  EntityType: "Column",
  Status: "Active",
  Type: "Static",
  ApplicabilityCriteria: [],
  ValidationCriteria: {
    MustSatisfy: "A rule.",
    Keyword: "MUST",
    Requirement: requirement,
    Condition: condition,
    Dependencies: [],
  },
});

const modelOf = (rules: Record<string, object>) =>
  parseModel({
    Details: { ModelVersion: "9.9", FOCUSVersion: "9.9" },
    ApplicabilityCriteria: {},
    ModelRules: rules,
  });

describe("the model is data", () => {
  const model = modelOf({
    "Root-D-000-M": {
      ...modelRule({
        CheckFunction: "AND",
        Items: ["Credit-C-001-M", "Tax-C-001-M", "Future-C-001-M"].map((ModelRuleId) => ({
          CheckFunction: "CheckModelRule",
          ModelRuleId,
        })),
      }),
      Function: "Composite",
    },
    "Credit-C-001-M": modelRule(
      { CheckFunction: "CheckGreaterOrEqualThanValue", ColumnName: "BilledCost", Value: 0 },
      { CheckFunction: "CheckNotValue", ColumnName: "ChargeCategory", Value: "Credit" },
    ),
    "Tax-C-001-M": modelRule(
      { CheckFunction: "CheckValue", ColumnName: "x_tax_code", Value: "VAT" },
      { CheckFunction: "CheckValue", ColumnName: "ChargeCategory", Value: "Tax" },
    ),
    "Future-C-001-M": modelRule({ CheckFunction: "CheckSomethingNew", ColumnName: "BilledCost" }),
  });

  it("checks rules it was never written for, from their check definitions", () => {
    const conformance = createConformanceCheck({ model });
    conformance.add({ ChargeCategory: "Credit", BilledCost: "-5" }, 1);
    conformance.add({ ChargeCategory: "Usage", BilledCost: "-5" }, 2);
    conformance.add(
      { ChargeCategory: "Tax", BilledCost: "1", extensions: { x_tax_code: "GST" } },
      3,
    );
    const report = conformance.result();
    expect(report.rules.map((r) => [r.id, r.status, r.checked, r.failed])).toEqual([
      ["Root-D-000-M", "fail", 2, 2], // row 1 is a credit and no tax: no part applies
      ["Credit-C-001-M", "fail", 2, 1],
      ["Tax-C-001-M", "fail", 1, 1],
      ["Future-C-001-M", "not-applicable", 0, 0],
    ]);
    expect(report.rules[3]?.description).toBe(
      "A rule (not checked: the check function CheckSomethingNew is unknown to this checker)",
    );
  });

  it("remembers a bounded number of keys for a distinct-count rule, and says so", () => {
    const conformance = createConformanceCheck({
      model: modelOf({
        "SkuPriceId-C-008-M": modelRule({
          CheckFunction: "CheckDistinctCount",
          ColumnAName: "SkuPriceId",
          ColumnBName: "SkuId",
          ExpectedCount: 1,
        }),
      }),
    });
    const LIMIT = 50_000;
    for (let k = 0; k < LIMIT; k++) conformance.add({ SkuPriceId: `P${k}`, SkuId: "S" }, k);
    conformance.add({ SkuPriceId: "beyond", SkuId: "S1" }, LIMIT);
    conformance.add({ SkuPriceId: "beyond", SkuId: "S2" }, LIMIT + 1); // no longer remembered
    conformance.add({ SkuPriceId: "P7", SkuId: "S2" }, LIMIT + 2); // remembered: fails
    expect(conformance.result().rules[0]).toMatchObject({
      description: "A rule (checked for the first 50,000 SkuPriceId values)",
      checked: LIMIT + 1,
      failed: 1,
      examples: [{ row: LIMIT + 2, reason: 'SkuPriceId "P7" has SkuId "S2" as well as "S"' }],
    });
  });
});
