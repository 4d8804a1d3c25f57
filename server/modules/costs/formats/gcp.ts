import {
  type FocusRow,
  RowError,
  type SourceFields,
  type SourceFormat,
  type SourceRecord,
} from "../import/focus.ts";
import { addAmounts } from "./amounts.ts";
import { followingMonth, zonedMonthOf, zonedMonthStart } from "./periods.ts";
import { serviceCategory } from "./service-categories.ts";
import { extensionsOf, fieldLookup } from "./source-columns.ts";
import {
  columnIndex,
  columnKeys,
  decimal,
  decimalOrZero,
  isBlank,
  tagMap,
  text,
  timestamp,
} from "./values.ts";

/**
 * Google Cloud Billing export to BigQuery, standard or detailed usage cost, as JSON lines
 * (nested records, as `bq extract --destination_format NEWLINE_DELIMITED_JSON` writes them)
 * or as CSV from a query that flattens them (`service.description` or `service_description`,
 * repeated fields such as `credits` and `labels` as JSON text).
 *
 * Credits: Google reports them inside the usage row they reduce (`credits[].amount`,
 * negative). The FinOps converter leaves them out of BilledCost; but the invoice is cost plus
 * credits, and the importer keeps one ledger row per source row, so both BilledCost and
 * EffectiveCost are cost + credits and `x_Credits` keeps the credit total. ContractedCost is
 * `cost` (Google's price for this account, before credits), ListCost `cost_at_list`.
 *
 * EffectiveCost = BilledCost: Google charges committed use discounts as they accrue (hourly
 * commitment fee rows, credits on the covered usage), so there is no upfront payment to
 * amortise. Moving the fee onto the usage it covers would take both rows at once.
 */

/** Google's invoice month runs on Pacific Time (the converter's rule too). */
const INVOICE_TIME_ZONE = "America/Los_Angeles";

type Field = (path: string) => unknown;

/**
 * Reads `a.b` from a nested record (JSON lines) or from a flattened column (`a.b`, `a_b`);
 * a nested value given as JSON text is parsed.
 */
function fieldReader(columns: readonly string[]): (record: SourceRecord | SourceFields) => Field {
  const find = columnIndex(columns);
  const get = fieldLookup(columns);
  return (record) => (path) => {
    const flat = find(path);
    if (flat !== undefined) return get(record, flat);
    const [head = "", ...rest] = path.split(".");
    let value: unknown = get(record, head) ?? get(record, find(head) ?? head);
    for (const key of rest) {
      value =
        typeof value === "string" && value.trim().startsWith("{") ? parseJson(value, head) : value;
      if (!value || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[key];
    }
    return value;
  };
}

export const gcpFormat: SourceFormat = {
  id: "gcp-billing-export",
  label: "Google Cloud Billing export (BigQuery)",
  detect(columns) {
    const keys = columnKeys(columns);
    return (
      ["billingaccountid", "usagestarttime", "cost"].every((key) => keys.has(key)) &&
      (keys.has("service") || keys.has("servicedescription"))
    );
  },
  createMapper(columns) {
    const fields = fieldReader(columns);
    return (record): FocusRow => {
      const field = fields(record);
      const str = (path: string) => text(field(path));
      const cost = decimalOrZero(field("cost"), "cost");
      const credits = creditTotal(field("credits"));
      const billed = addAmounts(cost, credits.total);
      const usageStart = requiredInstant(field("usage_start_time"), "usage_start_time");
      // Exports from before Google added the invoice month, and queries that leave it out, have
      // none: usage is invoiced in the Pacific-time month it happened in.
      const invoiceMonth = str("invoice.month") ?? zonedMonthOf(usageStart, INVOICE_TIME_ZONE);
      const periodStart = zonedMonthStart(invoiceMonth, INVOICE_TIME_ZONE, "invoice.month");
      const costType = str("cost_type") ?? "regular";
      const skuDescription = str("sku.description");
      const isCommitmentFee = costType === "regular" && /^Commitment\b/i.test(skuDescription ?? "");
      const category = chargeCategory(costType, isCommitmentFee, str("adjustment_info.type"));
      const isUsage = category === "Usage";
      const service = str("service.description");
      return {
        BillingAccountId: requiredText(field("billing_account_id"), "billing_account_id"),
        BillingCurrency: requiredText(field("currency"), "currency"),
        BillingPeriodStart: periodStart,
        BillingPeriodEnd: zonedMonthStart(
          followingMonth(invoiceMonth),
          INVOICE_TIME_ZONE,
          "invoice.month",
        ),
        ChargePeriodStart: usageStart,
        ChargePeriodEnd: requiredInstant(field("usage_end_time"), "usage_end_time"),
        BilledCost: billed,
        EffectiveCost: billed,
        ContractedCost: cost,
        // FOCUS: a charge not priced from a list (tax, adjustments) lists at what it bills.
        ListCost:
          decimal(field("cost_at_list"), "cost_at_list") ??
          (category === "Usage" || category === "Purchase" ? null : billed),
        ChargeCategory: category,
        // An adjustment for usage before the invoice month corrects an invoiced period.
        ChargeClass: costType === "adjustment" && usageStart < periodStart ? "Correction" : null,
        ChargeDescription: skuDescription,
        ChargeFrequency: isCommitmentFee
          ? "Recurring"
          : isUsage || category === "Tax"
            ? "Usage-Based"
            : "One-Time",
        PricingCategory: pricingCategory(category, isCommitmentFee, credits.types, skuDescription),
        ConsumedQuantity: isUsage ? decimal(field("usage.amount"), "usage.amount") : null,
        ConsumedUnit: isUsage ? str("usage.unit") : null,
        PricingQuantity: decimal(
          field("usage.amount_in_pricing_units"),
          "usage.amount_in_pricing_units",
        ),
        PricingUnit: str("usage.pricing_unit"),
        ProviderName: "Google Cloud",
        PublisherName: str("seller_name") ?? "Google Cloud",
        InvoiceIssuerName: "Google Cloud",
        ServiceName: service ?? "Unknown",
        ServiceCategory: serviceCategory("gcp", service),
        SkuId: str("sku.id"),
        RegionId: str("location.region") ?? str("location.location"),
        AvailabilityZone: str("location.zone"),
        ResourceId: str("resource.global_name"),
        ResourceName: str("resource.name"),
        SubAccountId: str("project.id"),
        SubAccountName: str("project.name"),
        SubAccountType: str("project.id") ? "Project" : null,
        Tags: labels(field("labels"), field("system_labels")),
        extensions: extensionsOf({
          x_Credits: credits.count > 0 ? credits.total : null,
          x_CostType: costType,
          x_ServiceId: str("service.id"),
          x_AdjustmentType: str("adjustment_info.type"),
        }),
      };
    };
  },
};

function chargeCategory(
  costType: string,
  isCommitmentFee: boolean,
  adjustmentType: string | null,
): string {
  if (costType === "tax") return "Tax";
  if (costType === "adjustment")
    return /GOODWILL|SLA_VIOLATION/.test(adjustmentType ?? "") ? "Credit" : "Adjustment";
  if (costType === "rounding_error") return "Adjustment";
  return isCommitmentFee ? "Purchase" : "Usage";
}

function pricingCategory(
  category: string,
  isCommitmentFee: boolean,
  creditTypes: Set<string>,
  skuDescription: string | null,
): string | null {
  if (category !== "Usage" && category !== "Purchase") return null;
  if (isCommitmentFee) return "Standard";
  if ([...creditTypes].some((type) => type.startsWith("COMMITTED_USAGE_DISCOUNT")))
    return "Committed";
  if (/\b(Spot|Preemptible)\b/i.test(skuDescription ?? "")) return "Dynamic";
  return "Standard";
}

/** The sum of `credits[].amount` (negative numbers), from an array or its JSON text. */
function creditTotal(value: unknown): { total: string; count: number; types: Set<string> } {
  const credits = isBlank(value)
    ? []
    : typeof value === "string"
      ? parseJson(value, "credits")
      : value;
  if (!Array.isArray(credits)) throw new RowError("credits", "must be a list of credits");
  const amounts: string[] = [];
  const types = new Set<string>();
  for (const credit of credits) {
    if (!credit || typeof credit !== "object")
      throw new RowError("credits", "must be a list of credits");
    const { amount, type } = credit as { amount?: unknown; type?: unknown };
    amounts.push(decimalOrZero(amount, "credits.amount"));
    if (typeof type === "string") types.add(type);
  }
  return { total: addAmounts(...amounts), count: amounts.length, types };
}

/**
 * User labels as they are; system labels are Google-defined and already carry their own
 * prefix (`compute.googleapis.com/machine_spec`), as FOCUS asks of provider-defined tags.
 */
function labels(user: unknown, system: unknown): Record<string, string> | null {
  const tags = { ...tagMap(system, "system_labels"), ...tagMap(user, "labels") };
  return Object.keys(tags).length ? tags : null;
}

function parseJson(value: string, column: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new RowError(column, "is not valid JSON");
  }
}

function requiredText(value: unknown, column: string): string {
  const result = text(value);
  if (result === null) throw new RowError(column, "is empty");
  return result;
}

function requiredInstant(value: unknown, column: string): string {
  const result = timestamp(value, column);
  if (result === null) throw new RowError(column, "is empty");
  return result;
}
