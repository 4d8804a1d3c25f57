import type { FocusRow } from "../import/focus.ts";
import { type ConformanceReport, createConformanceCheck, type RuleResult } from "./conformance.ts";
import { bundledModel } from "./model.ts";

/** Every provider capability the model knows, for checks that should run every rule. */
export const EVERY_CAPABILITY = Object.keys(bundledModel().model.ApplicabilityCriteria);

/** A usage line as a well-behaved provider exports it. */
export function usageRow(overrides: FocusRow = {}): FocusRow {
  return {
    AvailabilityZone: "us-east-1a",
    BilledCost: "1.20",
    BillingAccountId: "123456789012",
    BillingAccountName: "Acme",
    BillingAccountType: "Billing Account",
    BillingCurrency: "USD",
    BillingPeriodEnd: "2024-10-01T00:00:00Z",
    BillingPeriodStart: "2024-09-01T00:00:00Z",
    ChargeCategory: "Usage",
    ChargeDescription: "t3.micro instance hours",
    ChargeFrequency: "Usage-Based",
    ChargePeriodEnd: "2024-09-02T00:00:00Z",
    ChargePeriodStart: "2024-09-01T00:00:00Z",
    ConsumedQuantity: "12",
    ConsumedUnit: "Hours",
    ContractedCost: "1.20",
    ContractedUnitPrice: "0.1",
    EffectiveCost: "1.20",
    InvoiceId: "INV-1",
    InvoiceIssuerName: "AWS",
    ListCost: "1.248",
    ListUnitPrice: "0.104",
    PricingCategory: "Standard",
    PricingCurrency: "USD",
    PricingCurrencyContractedUnitPrice: "0.1",
    PricingCurrencyEffectiveCost: "1.20",
    PricingCurrencyListUnitPrice: "0.104",
    PricingQuantity: "12",
    PricingUnit: "Hours",
    ProviderName: "AWS",
    PublisherName: "AWS",
    RegionId: "us-east-1",
    RegionName: "US East (N. Virginia)",
    ResourceId: "i-0abc",
    ResourceName: "web-1",
    ResourceType: "Virtual Machine",
    ServiceCategory: "Compute",
    ServiceName: "Amazon EC2",
    ServiceSubcategory: "Virtual Machines",
    SkuId: "SKU1",
    SkuMeter: "Compute Usage",
    SkuPriceDetails: { InstanceType: "t3.micro" },
    SkuPriceId: "SKU1-PRICE",
    SubAccountId: "2222",
    SubAccountName: "prod",
    SubAccountType: "Account",
    Tags: { env: "prod" },
    ...overrides,
  };
}

/** Checks rows numbered as lines of a CSV file with a header. */
export function check(rows: FocusRow[], applicability: readonly string[] = []): ConformanceReport {
  const conformance = createConformanceCheck({ applicability });
  for (const [k, row] of rows.entries()) conformance.add(row, k + 2); // line 1 is the header
  return conformance.result();
}

export function rule(report: ConformanceReport, id: string): RuleResult {
  const found = report.rules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

const isComposite = (id: string) => bundledModel().model.ModelRules[id]?.Function === "Composite";

/** The single rules that failed (composites fail with them). */
export const failures = (report: ConformanceReport) =>
  report.rules.filter((r) => r.status === "fail" && !isComposite(r.id)).map((r) => r.id);
