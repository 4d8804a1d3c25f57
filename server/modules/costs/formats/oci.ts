import type { FocusRow, SourceFields, SourceFormat, SourceRecord } from "../import/focus.ts";
import { isZero } from "./amounts.ts";
import { monthStart, nextMonthStart } from "./periods.ts";
import { columnReader, extensionsOf, valueAt } from "./source-columns.ts";
import { columnKeys, decimalOrZero, isBlank, text } from "./values.ts";

/**
 * Oracle Cloud Infrastructure cost reports (`reports/cost-csv/*.csv` in the usage-report
 * bucket).
 *
 * BilledCost = EffectiveCost = `cost/myCost`, the cost at this tenancy's price. The converter
 * takes BilledCost from `cost/myCostOverage`, which is right for a Universal Credits
 * commitment (usage draws down a prepaid balance; only overage is invoiced) but leaves
 * pay-as-you-go tenancies, where that column is empty, with nothing billed. The report does
 * not say which contract applies, so we take the pay-as-you-go reading and keep the overage
 * as `x_CostOverage`.
 *
 * The tenancy is the billing account and the compartment the sub-account, as in OCI's own
 * FOCUS reports; the subscription is kept as `x_SubscriptionId`.
 *
 * BillingPeriodStart: cost reports have no billing period column, so it is the UTC month of
 * the usage start (`lineItem/intervalUsageStart`), and BillingPeriodEnd the month after.
 */
const COLUMNS = {
  referenceNo: ["lineItem/referenceNo"],
  tenantId: ["lineItem/tenantId"],
  usageStart: ["lineItem/intervalUsageStart"],
  usageEnd: ["lineItem/intervalUsageEnd"],
  service: ["product/service"],
  compartmentId: ["product/compartmentId"],
  compartmentName: ["product/compartmentName"],
  region: ["product/region"],
  availabilityDomain: ["product/availabilityDomain"],
  resourceId: ["product/resourceId"],
  quantity: ["usage/billedQuantity"],
  subscriptionId: ["cost/subscriptionId"],
  sku: ["cost/productSku"],
  description: ["product/Description"],
  unitPrice: ["cost/unitPrice"],
  myCost: ["cost/myCost"],
  overage: ["cost/myCostOverage"],
  currency: ["cost/currencyCode"],
  unit: ["cost/skuUnitDescription"],
  isCorrection: ["lineItem/isCorrection"],
  backreferenceNo: ["lineItem/backreferenceNo"],
} as const;
type Role = keyof typeof COLUMNS;

/**
 * FOCUS ServiceCategory by OCI service code, written by us from OCI's service list (there is
 * no converter mapping for OCI); codes not listed are "Other".
 */
const SERVICE_CATEGORIES: Record<string, string> = {
  COMPUTE: "Compute",
  FUNCTIONS: "Compute",
  CONTAINER_ENGINE: "Compute",
  OKE: "Compute",
  DATABASE: "Databases",
  MYSQL: "Databases",
  NOSQL: "Databases",
  POSTGRESQL: "Databases",
  BLOCK_STORAGE: "Storage",
  OBJECTSTORE: "Storage",
  FILE_STORAGE: "Storage",
  ARCHIVE_STORAGE: "Storage",
  NETWORK: "Networking",
  LOAD_BALANCER: "Networking",
  NETWORK_LOAD_BALANCER: "Networking",
  DNS: "Networking",
  FASTCONNECT: "Networking",
  API_GATEWAY: "Networking",
  TELEMETRY: "Management and Governance",
  MONITORING: "Management and Governance",
  LOGGING: "Management and Governance",
  LOGGING_ANALYTICS: "Management and Governance",
  ORACLE_STREAMING_SERVICE: "Analytics",
  NOTIFICATIONS: "Integration",
  INTEGRATION: "Integration",
  VAULT: "Security",
  KMS: "Security",
  WAF: "Security",
  DATA_SCIENCE: "AI and Machine Learning",
  GENERATIVE_AI: "AI and Machine Learning",
};

export const ociFormat: SourceFormat = {
  id: "oci-cost-report",
  label: "Oracle Cloud (OCI) cost report",
  detect(columns) {
    const keys = columnKeys(columns);
    return keys.has("lineitemintervalusagestart") && keys.has("costmycost");
  },
  createMapper(columns) {
    const reader = columnReader<Role>(columns, COLUMNS);
    const tagColumns = columns
      .map((column, at) => ({ column, at, key: column.slice(5) }))
      .filter(({ column }) => column.startsWith("tags/"));
    // OCI leaves the currency blank on some rows that cost nothing (object storage requests):
    // those take the file's currency so far (the importer gives the ones before the first
    // currency the file's only one). A row that costs something must name its own.
    let currency: string | null = null;
    return (record: SourceRecord | SourceFields): FocusRow => {
      const read = reader.row(record);
      const cost = decimalOrZero(read.raw("myCost"), reader.label("myCost"));
      const named = read.text("currency");
      if (named !== null) currency = named;
      else if (!isZero(cost)) read.required("currency");
      const usageStart = read.requiredInstant("usageStart");
      const service = read.text("service");
      const isCorrection = read.text("isCorrection")?.toLowerCase() === "true";
      return {
        BillingAccountId: read.required("tenantId"),
        BillingCurrency: named ?? currency,
        BillingPeriodStart: monthStart(usageStart),
        BillingPeriodEnd: nextMonthStart(usageStart),
        ChargePeriodStart: usageStart,
        ChargePeriodEnd: read.requiredInstant("usageEnd"),
        BilledCost: cost,
        EffectiveCost: cost,
        ContractedCost: cost,
        ContractedUnitPrice: read.decimal("unitPrice"),
        ChargeCategory: "Usage",
        // OCI flags corrections of earlier line items (the back-reference names the one it
        // corrects); whether that line was already invoiced is not in the report.
        ChargeClass: isCorrection ? "Correction" : null,
        ChargeDescription: read.text("description"),
        ChargeFrequency: "Usage-Based",
        PricingCategory: isCorrection ? null : "Standard",
        ConsumedQuantity: isCorrection ? null : read.decimal("quantity"),
        ConsumedUnit: isCorrection ? null : read.text("unit"),
        PricingQuantity: read.decimal("quantity"),
        PricingUnit: read.text("unit"),
        ProviderName: "Oracle",
        PublisherName: "Oracle",
        InvoiceIssuerName: "Oracle",
        ServiceName: service ?? "Unknown",
        ServiceCategory: (service && SERVICE_CATEGORIES[service]) || "Other",
        RegionId: read.text("region"),
        AvailabilityZone: read.text("availabilityDomain"),
        ResourceId: read.text("resourceId"),
        SkuId: read.text("sku"),
        SubAccountId: read.text("compartmentId"),
        SubAccountName: read.text("compartmentName"),
        SubAccountType: "Compartment",
        Tags: ociTags(record, tagColumns),
        extensions: extensionsOf({
          x_SubscriptionId: read.text("subscriptionId"),
          x_CostOverage: read.decimal("overage"),
          x_ReferenceNo: read.text("referenceNo"),
          x_BackReferenceNo: read.text("backreferenceNo"),
        }),
      };
    };
  },
};

/** `tags/<namespace>.<key>` (defined tags) and `tags/<key>` (free-form) columns, keyed as after `tags/`. */
function ociTags(
  record: SourceRecord | SourceFields,
  tagColumns: { column: string; at: number; key: string }[],
): Record<string, string> | null {
  const tags: Record<string, string> = {};
  for (const { column, at, key } of tagColumns) {
    const value = valueAt(record, column, at);
    if (!isBlank(value)) tags[key] = text(value) ?? "";
  }
  return Object.keys(tags).length ? tags : null;
}
