import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FocusRow } from "../import/focus.ts";
import { check, EVERY_CAPABILITY, failures, rule, usageRow } from "./conformance.testing.ts";
import { bundledModel } from "./model.ts";

const FIXTURES = new URL("../../../../test/fixtures/focus-validator/", import.meta.url);

/** Fields of a simple CSV (quotes, doubled quotes, commas, CRLF); enough for the samples. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let isQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (isQuoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') field += text[++i];
      else isQuoted = false;
    } else if (ch === '"') isQuoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      rows.push([...row, field]);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** What FOCUS 1.2 calls the columns of the validator's pre-1.0 samples. */
const RENAMED: Record<string, string> = {
  AmortizedCost: "EffectiveCost",
  ChargeType: "ChargeCategory",
  InvoiceIssuer: "InvoiceIssuerName",
  Provider: "ProviderName",
  Publisher: "PublisherName",
  Region: "RegionId",
  ResourceID: "ResourceId",
};

/** A sample file as ledger rows: blank and NULL are null, `x_` columns go to extensions. */
function sample(file: string): { columns: string[]; rows: FocusRow[] } {
  const [header = [], ...records] = parseCsv(readFileSync(new URL(file, FIXTURES), "utf8"));
  const columns = header.map((name) => RENAMED[name.trim()] ?? name.trim());
  const rows = records.map((record) => {
    const row: Record<string, unknown> = {};
    const extensions: Record<string, string | null> = {};
    columns.forEach((column, k) => {
      const raw = record[k] ?? "";
      const value = raw === "" || raw === "NULL" ? null : raw;
      if (column.startsWith("x_")) extensions[column] = value;
      else if (column !== "") row[column] = value;
    });
    return { ...row, extensions } as FocusRow;
  });
  return { columns: columns.filter((c) => c !== ""), rows };
}

/** The FOCUS 1.2 columns that must never be null, as their not-null rules. */
const NOT_NULL_RULES = [
  "BilledCost-C-003-M",
  "BillingAccountId-C-001-M",
  "BillingCurrency-C-004-M",
  "BillingPeriodEnd-C-003-M",
  "BillingPeriodStart-C-003-M",
  "ChargeCategory-C-002-M",
  "ChargeDescription-C-003-O",
  "ChargeFrequency-C-002-M",
  "ChargePeriodEnd-C-003-M",
  "ChargePeriodStart-C-003-M",
  "ContractedCost-C-003-M",
  "EffectiveCost-C-003-M",
  "InvoiceIssuerName-C-003-M",
  "ListCost-C-003-M",
  "ProviderName-C-003-M",
  "PublisherName-C-003-M",
  "ServiceCategory-C-002-M",
  "ServiceName-C-003-M",
  "ServiceSubcategory-C-002-M",
];

describe("FOCUS 1.2 conformance check", () => {
  it("passes a well-formed usage row on every rule that applies, whatever the provider declares", () => {
    for (const applicability of [[], EVERY_CAPABILITY]) {
      const report = check(
        [usageRow(), usageRow({ ChargePeriodStart: "2024-09-02T00:00:00Z" })],
        applicability,
      );
      expect(report.rules.filter((r) => r.status === "fail")).toEqual([]);
      expect(rule(report, "CostAndUsage-D-000-M")).toMatchObject({ status: "pass", checked: 2 });
      expect(rule(report, "ServiceSubcategory-C-003-M").status).toBe("pass");
      expect(rule(report, "ListCost-C-009-C").status).toBe("pass");
    }
    expect(check([usageRow()], EVERY_CAPABILITY).passed).toBeGreaterThan(
      check([usageRow()]).passed,
    );
  });

  it("reports every rule of the model once, in the model's order", () => {
    const report = check([usageRow()]);
    const ids = Object.keys(bundledModel().model.ModelRules);
    expect(report.rules.map((r) => r.id)).toEqual(ids);
    expect(report.passed + report.failed + report.notApplicable).toBe(ids.length);
    expect(report).toMatchObject({ version: "1.2", rows: 1, failed: 0 });
  });

  it("says why a rule is not checked", () => {
    const report = check([usageRow()]);
    const why = (id: string) => rule(report, id).description;
    expect(why("ResourceId-C-007-M")).toBe(
      "ResourceId must be a unique identifier within the provider (not checked: it needs knowledge the data does not carry)",
    );
    const commitments = "(not checked: applies only if the provider supports commitment discounts)";
    expect(why("CommitmentDiscountId-C-000-C")).toContain(commitments);
    expect(why("CommitmentDiscountId-C-001-M")).toContain(commitments); // only reached through C-000
    expect(why("Tags-C-002-O")).toBe(
      "Tags may be null (not checked: a permission, nothing to check)",
    );
    expect(why("ConsumedUnit-C-003-O")).toContain("the unit format is advisory");
    expect(why("ColumnHandling-A-001-M")).toContain("a rule on how columns and files are made");
    expect(why("DateTimeFormat-A-000-M")).toContain("each column's FormatDateTime check covers it");
    expect(why("InvoiceId-C-005-C")).toContain("counted in InvoiceId-C-003-C");
    expect(
      report.rules.filter((r) => r.status === "not-applicable").every((r) => r.checked === 0),
    ).toBe(true);
  });

  it("reports a conditional rule not applicable until a row meets its condition", () => {
    const correction = usageRow({ ChargeClass: "Correction" });
    expect(rule(check([usageRow()]), "ChargeClass-C-005-C")).toMatchObject({
      status: "not-applicable",
      description:
        'ChargeClass must be "Correction" when ChargeClass is not null (no row it applies to)',
    });
    expect(rule(check([usageRow(), correction]), "ChargeClass-C-005-C")).toMatchObject({
      status: "pass",
      checked: 1,
    });
    expect(rule(check([usageRow({ ChargeClass: "Fix" })]), "ChargeClass-C-005-C").status).toBe(
      "fail",
    );
  });

  it("counts every failing row but keeps three examples", () => {
    const rows = [1, 2, 3, 4, 5].map(() => usageRow({ BilledCost: null }));
    expect(rule(check(rows), "BilledCost-C-003-M")).toMatchObject({
      status: "fail",
      checked: 5,
      failed: 5,
      examples: [2, 3, 4].map((row) => ({ row, value: null, reason: "BilledCost is null" })),
    });
    expect(rule(check(rows), "BilledCost-C-000-M").examples[0]?.reason).toBe(
      "BilledCost-C-003-M: BilledCost is null",
    );
  });

  it("has nothing to check in an empty ledger", () => {
    const report = check([]);
    expect(report).toMatchObject({
      rows: 0,
      passed: 0,
      failed: 0,
      notApplicable: report.rules.length,
    });
  });
});

describe("the focus-validator's sample files", () => {
  it("all_fail.csv: a row with nothing but an x_ column fails every not-null rule", () => {
    const { rows } = sample("all_fail.csv");
    expect(rows).toEqual([{ extensions: { x_foo: "bar" } }]);
    expect(failures(check(rows)).sort()).toEqual(NOT_NULL_RULES);
  });

  it("fail_charge_type_bad_value.csv: ChargeCategory fails its allowed values on each row", () => {
    const report = check(sample("fail_charge_type_bad_value.csv").rows);
    const chargeCategory = report.rules.filter((r) => r.column === "ChargeCategory");
    expect(chargeCategory.filter((r) => r.status === "fail").map((r) => r.id)).toEqual([
      "ChargeCategory-C-000-M",
      "ChargeCategory-C-003-M",
    ]);
    expect(rule(report, "ChargeCategory-C-003-M")).toMatchObject({
      checked: 3,
      failed: 3,
      examples: ["a", "b", "c"].map((value, k) => ({
        row: k + 2,
        value,
        reason: `ChargeCategory "${value}" is not one of Usage, Purchase, Tax, Credit, Adjustment`,
      })),
    });
  });

  it("multiple_failure_examples.csv: bad charge types and the one missing invoice issuer", () => {
    const { columns, rows } = sample("multiple_failure_examples.csv");
    const report = check(rows);
    const onItsColumns = failures(report).filter((id) =>
      columns.includes(rule(report, id).column ?? ""),
    );
    expect(onItsColumns).toEqual(["InvoiceIssuerName-C-003-M", "ChargeCategory-C-003-M"]);
    expect(rule(report, "InvoiceIssuerName-C-003-M")).toMatchObject({ checked: 3, failed: 1 });
    expect(rule(report, "InvoiceIssuerName-C-003-M").examples.map((e) => e.row)).toEqual([2]);
  });

  it("fail_invoice_issuer.csv: a third party's invoice must bill 0 (the model's marketplace rule)", () => {
    const { columns, rows } = sample("fail_invoice_issuer.csv");
    const report = check(rows);
    const onItsColumns = failures(report).filter((id) =>
      columns.includes(rule(report, id).column ?? ""),
    );
    expect(onItsColumns).toEqual(["BilledCost-C-005-C"]);
    expect(rule(report, "BilledCost-C-005-C")).toMatchObject({
      checked: 1,
      failed: 1,
      examples: [{ row: 2, value: "0.2", reason: 'BilledCost is "0.2", not 0' }],
    });
  });

  it("billedCostTest.csv: a zero BilledCost passes, the marketplace rule has nothing to compare", () => {
    const report = check(sample("billedCostTest.csv").rows);
    for (const id of [
      "BilledCost-C-001-M",
      "BilledCost-C-002-M",
      "BilledCost-C-003-M",
      "BilledCost-C-004-M",
    ])
      expect(rule(report, id)).toMatchObject({ status: "pass", checked: 2 });
    expect(rule(report, "BilledCost-C-005-C").status).toBe("not-applicable");
  });

  it("listUnitPriceTest.csv: a zero ListUnitPrice passes where price lists apply", () => {
    const { rows } = sample("listUnitPriceTest.csv");
    const report = check(rows, ["PUBLIC_PRICE_LIST_SUPPORTED", "UNIT_PRICING_SUPPORTED"]);
    for (const id of ["ListUnitPrice-C-001-M", "ListUnitPrice-C-002-M", "ListUnitPrice-C-008-M"])
      expect(rule(report, id)).toMatchObject({ status: "pass", checked: 2 });
    expect(rule(check(rows), "ListUnitPrice-C-008-M").status).toBe("not-applicable");
  });

  it("all_pass_0.5.csv: FOCUS 0.5 data passes its own columns' rules, fails only what 1.2 added", () => {
    const { columns, rows } = sample("all_pass_0.5.csv");
    const report = check(rows);
    const ownColumnRules = report.rules.filter(
      (r) =>
        columns.includes(r.column ?? "") &&
        ["Type", "Format", "Nullability"].includes(
          bundledModel().model.ModelRules[r.id]?.Function ?? "",
        ),
    );
    expect(ownColumnRules.filter((r) => r.status === "pass").length).toBeGreaterThan(40);
    expect(ownColumnRules.filter((r) => r.status === "fail")).toEqual([]);
    expect(failures(report).filter((id) => !NOT_NULL_RULES.includes(id))).toEqual([
      "PricingQuantity-C-005-C", // 1.2 prices purchases
      "PricingCategory-C-004-C",
      "ServiceName-C-005-C", // Sample-service-1 is both Compute and Media
      "EffectiveCost-C-005-C", // the model reads every purchase as prepaid
      "BilledCost-C-005-C", // issuer and provider differ
    ]);
  });
});
