import type { FocusRow, SourceFields, SourceFormat, SourceRecord } from "../import/focus.ts";
import { multiplyAmounts } from "./amounts.ts";
import { addDays, monthStart, nextMonthStart } from "./periods.ts";
import { serviceCategory } from "./service-categories.ts";
import { columnReader, extensionsOf } from "./source-columns.ts";
import { columnKeys, decimalOrZero, looseKey, tagMap } from "./values.ts";

/**
 * Azure cost details (Cost Management exports and downloads): Enterprise Agreement
 * (`Cost`/`CostInBillingCurrency`, `BillingCurrency`), Microsoft Customer Agreement
 * (camelCase `costInBillingCurrency`, `billingCurrency`) and the older usage details
 * (`PreTaxCost`, `Currency`, `UsageDateTime`). Roles are matched loosely, so case differences
 * do not matter.
 *
 * Actual and amortised cost files have the same columns, and one file cannot say which it is
 * until its commitment rows appear, so the rules below are per row and hold for both
 * (Microsoft, "Get EA and MCA reservation costs and usage"; FOCUS 1.2 BilledCost,
 * EffectiveCost and Discount Handling):
 * - A commitment purchase or refund (ChargeType Purchase/Refund with PricingModel
 *   Reservation or SavingsPlan) is invoiced: BilledCost = cost. Amortisation spreads it over
 *   the usage it covers, so EffectiveCost = 0. Only actual-cost files have these rows.
 * - Usage a commitment covered (PricingModel Reservation/SavingsPlan, ChargeType Usage) and
 *   the unused remainder (ChargeType UnusedReservation/UnusedSavingsPlan) were paid for by
 *   that purchase: BilledCost = 0, EffectiveCost = cost. In an actual-cost file that cost is
 *   0 (Microsoft sets the EffectivePrice of covered usage to 0), in an amortised file it is
 *   the prorated share, so both files give the right figure for the column they carry.
 * - Everything else (on-demand, spot, marketplace, tax, rounding): BilledCost =
 *   EffectiveCost = cost.
 * So an actual-cost file has the full BilledCost and an EffectiveCost without commitment
 * amortisation; an amortised file has the full EffectiveCost and a BilledCost without the
 * commitment purchases. Importing both for one period double counts everything on demand:
 * import one of them (FOCUS exports from Cost Management carry both columns in one file).
 */
const COLUMNS = {
  // Older pay-as-you-go usage files have no billing account: the subscription stands in.
  billingAccountId: ["BillingAccountId", "BillingProfileId", "SubscriptionId", "SubscriptionGuid"],
  billingAccountName: ["BillingAccountName"],
  subscriptionId: ["SubscriptionId", "SubscriptionGuid"],
  subscriptionName: ["SubscriptionName"],
  cost: ["CostInBillingCurrency", "Cost", "PreTaxCost"],
  currency: ["BillingCurrencyCode", "BillingCurrency", "Currency"],
  date: ["Date", "UsageDateTime", "UsageDate"],
  periodStart: ["BillingPeriodStartDate"],
  periodEnd: ["BillingPeriodEndDate"],
  chargeType: ["ChargeType"],
  frequency: ["Frequency"],
  pricingModel: ["PricingModel"],
  benefitId: ["benefitId"],
  benefitName: ["benefitName"],
  reservationId: ["ReservationId"],
  reservationName: ["ReservationName"],
  meterCategory: ["MeterCategory"],
  meterSubCategory: ["MeterSubCategory"],
  meterName: ["MeterName"],
  meterId: ["MeterId"],
  consumedService: ["ConsumedService"],
  productName: ["ProductName", "Product"],
  productId: ["ProductId", "PartNumber"],
  quantity: ["Quantity", "UsageQuantity"],
  unit: ["UnitOfMeasure"],
  unitPrice: ["UnitPrice"],
  payGPrice: ["PayGPrice"],
  payGCost: ["PaygCostInBillingCurrency"],
  // Microsoft's modern (MCA) usage details name the ARM id `instanceName`.
  resourceId: ["ResourceId", "InstanceId", "InstanceName"],
  resourceName: ["ResourceName"],
  resourceGroup: ["ResourceGroup", "ResourceGroupName"],
  location: ["ResourceLocation"],
  zone: ["AvailabilityZone"],
  tags: ["Tags"],
  publisherName: ["PublisherName"],
  invoiceId: ["InvoiceId"],
} as const;
type Role = keyof typeof COLUMNS;

export const azureFormat: SourceFormat = {
  id: "azure-cost-details",
  label: "Azure cost details (EA / MCA, actual or amortised)",
  detect(columns) {
    const keys = columnKeys(columns);
    const hasAny = (...names: string[]) => names.some((name) => keys.has(looseKey(name)));
    return (
      hasAny("MeterCategory", "MeterId") &&
      hasAny(...COLUMNS.cost) &&
      hasAny(...COLUMNS.date) &&
      hasAny("SubscriptionId", "SubscriptionGuid") &&
      !keys.has("billedcost")
    );
  },
  createMapper(columns) {
    const reader = columnReader<Role>(columns, COLUMNS);
    return (record: SourceRecord | SourceFields): FocusRow => {
      const read = reader.row(record);
      const cost = decimalOrZero(read.raw("cost"), reader.label("cost"));
      const chargeType = read.text("chargeType") ?? "Usage";
      const model = pricingModel(read.text("pricingModel"));
      const isCommitment = model === "reservation" || model === "savingsplan";
      const isCommitmentPurchase =
        isCommitment && (chargeType === "Purchase" || chargeType === "Refund");
      const isPrepaid = (isCommitment && chargeType === "Usage") || chargeType.startsWith("Unused");
      const category = chargeCategory(chargeType, isCommitment);
      const date = read.requiredInstant("date");
      const periodStart = read.instant("periodStart") ?? monthStart(date);
      const periodEnd = read.instant("periodEnd");
      const commitmentId = read.text("benefitId") ?? read.text("reservationId");
      const quantity = read.decimal("quantity");
      const unit = read.text("unit");
      const isUsage = category === "Usage" && !chargeType.startsWith("Unused");
      const consumedService = read.text("consumedService");
      return {
        BillingAccountId: read.required("billingAccountId"),
        BillingAccountName: read.text("billingAccountName"),
        BillingCurrency: read.required("currency"),
        BillingPeriodStart: periodStart,
        // Azure writes the last day of the period; FOCUS ends are exclusive.
        BillingPeriodEnd: periodEnd ? addDays(periodEnd, 1) : nextMonthStart(date),
        // Cost details are daily; a purchase is dated the day it was made.
        ChargePeriodStart: date,
        ChargePeriodEnd: addDays(date, 1),
        BilledCost: isPrepaid ? "0" : cost,
        EffectiveCost: isCommitmentPurchase ? "0" : cost,
        ListCost: read.decimal("payGCost") ?? multiplyAmounts(read.decimal("payGPrice"), quantity),
        ContractedCost: multiplyAmounts(read.decimal("unitPrice"), quantity),
        ContractedUnitPrice: read.decimal("unitPrice"),
        ChargeCategory: category,
        // Azure marks no row as a correction of an invoiced period.
        ChargeClass: null,
        ChargeDescription: read.text("productName"),
        ChargeFrequency: chargeFrequency(read.text("frequency"), category),
        PricingCategory: pricingCategory(model, category, isCommitmentPurchase),
        CommitmentDiscountId: isCommitment ? commitmentId : null,
        CommitmentDiscountName: isCommitment
          ? (read.text("benefitName") ?? read.text("reservationName"))
          : null,
        CommitmentDiscountCategory: !isCommitment
          ? null
          : model === "savingsplan"
            ? "Spend"
            : "Usage",
        CommitmentDiscountType: !isCommitment
          ? null
          : model === "savingsplan"
            ? "Savings Plan"
            : "Reservation",
        CommitmentDiscountStatus:
          !isCommitment || !commitmentId || category !== "Usage"
            ? null
            : chargeType.startsWith("Unused")
              ? "Unused"
              : "Used",
        ConsumedQuantity: isUsage ? quantity : null,
        ConsumedUnit: isUsage ? unit : null,
        PricingQuantity: category === "Tax" ? null : quantity,
        PricingUnit: category === "Tax" ? null : unit,
        InvoiceId: read.text("invoiceId"),
        ProviderName: "Microsoft",
        PublisherName: read.text("publisherName") ?? "Microsoft",
        InvoiceIssuerName: "Microsoft",
        ServiceName: read.text("meterCategory") ?? consumedService ?? "Unknown",
        ServiceCategory: serviceCategory("azure", consumedService),
        RegionId: regionId(read.text("location")),
        AvailabilityZone: read.text("zone"),
        ResourceId: armIdOf(read.text("resourceId")),
        ResourceName: read.text("resourceName"),
        SkuId: read.text("productId"),
        SkuMeter: read.text("meterName"),
        SubAccountId: read.text("subscriptionId"),
        SubAccountName: read.text("subscriptionName"),
        SubAccountType: "Subscription",
        Tags: tagMap(read.raw("tags"), reader.label("tags")),
        extensions: extensionsOf({
          x_ResourceGroup: read.text("resourceGroup"),
          x_MeterCategory: read.text("meterCategory"),
          x_MeterSubCategory: read.text("meterSubCategory"),
          x_MeterId: read.text("meterId"),
          x_ChargeType: chargeType,
          x_PricingModel: read.text("pricingModel"),
        }),
      };
    };
  },
};

/** `OnDemand`, `Reservation`, `SavingsPlan` (also written `Savings Plans`), `Spot`, lower-cased. */
function pricingModel(value: string | null): string {
  return (value ?? "")
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/plans$/, "plan");
}

/**
 * FOCUS 1.2 ChargeCategory from Azure's ChargeType, as the converter maps it; a refund of a
 * commitment is a (negative) Purchase, FOCUS's "including refunds".
 */
function chargeCategory(chargeType: string, isCommitment: boolean): string {
  switch (chargeType) {
    case "Usage":
    case "UnusedReservation":
    case "UnusedSavingsPlan":
      return "Usage";
    case "Purchase":
      return "Purchase";
    case "Refund":
      return isCommitment ? "Purchase" : "Adjustment";
    case "Tax":
      return "Tax";
    case "Credit":
      return "Credit";
    default:
      return "Adjustment";
  }
}

function chargeFrequency(frequency: string | null, category: string): string {
  if (frequency === "OneTime") return "One-Time";
  if (frequency === "Recurring") return "Recurring";
  // FOCUS: a purchase is never usage-based.
  if (frequency === "UsageBased" && category !== "Purchase") return "Usage-Based";
  return category === "Purchase" || category === "Adjustment" ? "One-Time" : "Usage-Based";
}

/** Committed for usage a commitment priced; buying the commitment itself is Standard (FOCUS). */
function pricingCategory(
  model: string,
  category: string,
  isCommitmentPurchase: boolean,
): string | null {
  if (category !== "Usage" && category !== "Purchase") return null;
  if (isCommitmentPurchase) return "Standard";
  if (model === "reservation" || model === "savingsplan") return "Committed";
  if (model === "spot") return "Dynamic";
  return model === "ondemand" || model === "" ? "Standard" : "Other";
}

/** Azure region names as ARM writes them: `EastUS` and `UK South` are `eastus`, `uksouth`. */
function regionId(location: string | null): string | null {
  return location ? location.toLowerCase().replace(/\s+/g, "") : null;
}

/**
 * ARM resource ids are case-insensitive, and cost-detail files write them in whatever case the
 * resource was created with (`/SUBSCRIPTIONS/…/resourceGroups/AHBTest/…`). Azure's FOCUS
 * export and the inventory use the lower-case form: so does the ledger, or costs would not
 * meet their resources.
 */
function armIdOf(id: string | null): string | null {
  return id && /^\/subscriptions\//i.test(id) ? id.toLowerCase() : id;
}
