import type { FocusRow, SourceFields, SourceFormat, SourceRecord } from "../import/focus.ts";
import { isZero } from "./amounts.ts";
import {
  chargeCategory,
  chargeClass,
  chargeFrequency,
  effectiveCost,
  isMetered,
  pricingCategory,
} from "./aws-charges.ts";
import { serviceCategory } from "./service-categories.ts";
import { columnReader, extensionsOf, type SourceRow, valueAt } from "./source-columns.ts";
import { columnKeys, decimalOrZero, isBlank, tagMap, text } from "./values.ts";

/**
 * AWS Cost and Usage Report, legacy (`lineItem/UnblendedCost`, or Athena/Parquet
 * `line_item_unblended_cost`) and CUR 2.0 from Data Exports (snake_case with `product`,
 * `resource_tags`, `cost_category` map columns). Both share one mapper: the column roles below
 * are looked up loosely, so each spelling finds the same role.
 */
const COLUMNS = {
  lineItemId: ["identity/LineItemId"],
  payer: ["bill/PayerAccountId"],
  payerName: ["bill/PayerAccountName"],
  invoiceId: ["bill/InvoiceId"],
  invoicingEntity: ["bill/InvoicingEntity"],
  billingEntity: ["bill/BillingEntity"],
  billType: ["bill/BillType"],
  periodStart: ["bill/BillingPeriodStartDate"],
  periodEnd: ["bill/BillingPeriodEndDate"],
  usageAccount: ["lineItem/UsageAccountId"],
  usageAccountName: ["lineItem/UsageAccountName"],
  type: ["lineItem/LineItemType"],
  usageStart: ["lineItem/UsageStartDate"],
  usageEnd: ["lineItem/UsageEndDate"],
  productCode: ["lineItem/ProductCode"],
  usageType: ["lineItem/UsageType"],
  operation: ["lineItem/Operation"],
  zone: ["lineItem/AvailabilityZone"],
  resourceId: ["lineItem/ResourceId"],
  usageAmount: ["lineItem/UsageAmount"],
  normalizedUsageAmount: ["lineItem/NormalizedUsageAmount"],
  currency: ["lineItem/CurrencyCode"],
  unblended: ["lineItem/UnblendedCost"],
  netUnblended: ["lineItem/NetUnblendedCost"],
  blended: ["lineItem/BlendedCost"],
  description: ["lineItem/LineItemDescription"],
  legalEntity: ["lineItem/LegalEntity"],
  productName: ["product/ProductName"],
  product: ["product"],
  region: ["product/region", "product/regionCode"],
  location: ["product/location"],
  sku: ["product/sku"],
  rateCode: ["pricing/RateCode"],
  rateId: ["pricing/RateId"],
  publicCost: ["pricing/publicOnDemandCost"],
  term: ["pricing/term"],
  unit: ["pricing/unit"],
  reservationArn: ["reservation/ReservationARN"],
  reservationEffective: ["reservation/EffectiveCost"],
  reservationNetEffective: ["reservation/NetEffectiveCost"],
  unusedUpfront: ["reservation/UnusedAmortizedUpfrontFeeForBillingPeriod"],
  netUnusedUpfront: ["reservation/NetUnusedAmortizedUpfrontFeeForBillingPeriod"],
  unusedRecurring: ["reservation/UnusedRecurringFee"],
  netUnusedRecurring: ["reservation/NetUnusedRecurringFee"],
  savingsPlanArn: ["savingsPlan/SavingsPlanARN"],
  savingsPlanEffective: ["savingsPlan/SavingsPlanEffectiveCost"],
  savingsPlanNetEffective: ["savingsPlan/NetSavingsPlanEffectiveCost"],
  totalCommitment: ["savingsPlan/TotalCommitmentToDate"],
  usedCommitment: ["savingsPlan/UsedCommitment"],
  resourceTags: ["resource_tags"],
} as const;
type Role = keyof typeof COLUMNS;

const REQUIRED = ["lineitemunblendedcost", "lineitemlineitemtype", "billpayeraccountid"];
/** Columns only CUR 2.0 has: its map columns and the two account-name columns it added. */
const CUR2_ONLY = ["product", "resourcetags", "costcategory", "billpayeraccountname"];

function isCur(columns: readonly string[]): boolean {
  const keys = columnKeys(columns);
  return REQUIRED.every((key) => keys.has(key));
}

function isCur2(columns: readonly string[]): boolean {
  const keys = columnKeys(columns);
  return CUR2_ONLY.some((key) => keys.has(key));
}

export const awsCurFormat: SourceFormat = {
  id: "aws-cur",
  label: "AWS Cost and Usage Report (legacy)",
  detect: (columns) => isCur(columns) && !isCur2(columns),
  createMapper: createAwsMapper,
};

export const awsCur2Format: SourceFormat = {
  id: "aws-cur2",
  label: "AWS Cost and Usage Report 2.0 (Data Exports)",
  detect: (columns) => isCur(columns) && isCur2(columns),
  createMapper: createAwsMapper,
};

function createAwsMapper(
  columns: readonly string[],
): (record: SourceRecord | SourceFields) => FocusRow {
  const reader = columnReader<Role>(columns, COLUMNS);
  const tagColumns = flattenedTagColumns(columns);
  return (record) => {
    const read = reader.row(record);
    const type = read.required("type");
    const periodStart = read.requiredInstant("periodStart");
    const usageStart = read.requiredInstant("usageStart");
    const unblended = decimalOrZero(read.raw("unblended"), reader.label("unblended"));
    const netUnblended = read.decimal("netUnblended");
    // Converter rule: the net (after negotiated discounts) cost is what is invoiced when AWS
    // reports it; the amortised inputs then come from their net columns too.
    const billed = netUnblended ?? unblended;
    const hasNet = netUnblended !== null;
    const savingsPlanArn = read.text("savingsPlanArn");
    const reservationArn = read.text("reservationArn");
    const effective = effectiveCost({
      type,
      billed,
      reservationArn,
      reservationEffectiveCost: amortised(
        read,
        hasNet,
        "reservationNetEffective",
        "reservationEffective",
      ),
      unusedAmortizedUpfrontFee: amortised(read, hasNet, "netUnusedUpfront", "unusedUpfront"),
      unusedRecurringFee: amortised(read, hasNet, "netUnusedRecurring", "unusedRecurring"),
      savingsPlanEffectiveCost: amortised(
        read,
        hasNet,
        "savingsPlanNetEffective",
        "savingsPlanEffective",
      ),
      totalCommitmentToDate: read.decimal("totalCommitment"),
      usedCommitment: read.decimal("usedCommitment"),
    });
    const category = chargeCategory(type);
    const product = tagMap(read.raw("product"), reader.label("product")) ?? NO_PRODUCT;
    const productCode = read.text("productCode");
    const commitmentId = savingsPlanArn ?? reservationArn;
    const metered = isMetered(type);
    const legalEntity = read.text("legalEntity");
    const billingEntity = read.text("billingEntity");
    return {
      BillingAccountId: read.required("payer"),
      BillingAccountName: read.text("payerName"),
      BillingCurrency: read.required("currency"),
      BillingPeriodStart: periodStart,
      BillingPeriodEnd: read.requiredInstant("periodEnd"),
      ChargePeriodStart: usageStart,
      ChargePeriodEnd: read.requiredInstant("usageEnd"),
      BilledCost: billed,
      EffectiveCost: effective,
      ListCost: read.decimal("publicCost") ?? billed,
      ChargeCategory: category,
      ChargeClass: chargeClass(type, usageStart, periodStart),
      ChargeDescription: read.text("description"),
      ChargeFrequency: chargeFrequency(type, read.text("billType")),
      PricingCategory: pricingCategory(type, read.text("term"), read.text("usageType")),
      CommitmentDiscountId: commitmentId,
      CommitmentDiscountCategory: savingsPlanArn ? "Spend" : reservationArn ? "Usage" : null,
      CommitmentDiscountType: savingsPlanArn
        ? "Savings Plan"
        : reservationArn
          ? "Reserved Instance"
          : null,
      CommitmentDiscountStatus: commitmentStatus(commitmentId, category, type, effective),
      ConsumedQuantity: metered ? read.decimal("usageAmount") : null,
      ConsumedUnit: metered ? read.text("unit") : null,
      PricingQuantity: category === "Tax" ? null : read.decimal("usageAmount"),
      PricingUnit: category === "Tax" ? null : read.text("unit"),
      InvoiceId: read.text("invoiceId"),
      // The seller of record (AWS, or the Marketplace vendor) publishes; the invoicing entity
      // issues the invoice. Reports before 2020 have no invoicing entity: AWS's own legal
      // entity issued them.
      PublisherName: legalEntity ?? billingEntity ?? "AWS",
      InvoiceIssuerName:
        read.text("invoicingEntity") ?? (billingEntity === "AWS" ? legalEntity : null) ?? "AWS",
      ProviderName: "AWS",
      ServiceName: read.text("productName") ?? product.product_name ?? productCode ?? "Unknown",
      ServiceCategory: serviceCategory("aws", productCode),
      RegionId: read.text("region") ?? product.region ?? null,
      RegionName: read.text("location") ?? product.location ?? null,
      AvailabilityZone: read.text("zone"),
      ResourceId: read.text("resourceId"),
      SkuId: read.text("sku"),
      SkuPriceId: read.text("rateCode") ?? read.text("rateId"),
      SubAccountId: read.text("usageAccount"),
      SubAccountName: read.text("usageAccountName"),
      Tags: awsTags(record, tagColumns, read.raw("resourceTags"), reader.label("resourceTags")),
      extensions: extensionsOf({
        x_LineItemId: read.text("lineItemId"),
        x_LineItemType: type,
        x_ProductCode: productCode,
        x_UsageType: read.text("usageType"),
        x_Operation: read.text("operation"),
        x_NormalizedUsageAmount: read.decimal("normalizedUsageAmount"),
        x_BlendedCost: read.decimal("blended"),
      }),
    };
  };
}

const NO_PRODUCT: Readonly<Record<string, string>> = Object.freeze({});

/** An amortised input: from its net column when the file reports net costs, else the gross one. */
function amortised(read: SourceRow<Role>, hasNet: boolean, net: Role, gross: Role): string | null {
  return hasNet ? (read.decimal(net) ?? read.decimal(gross)) : read.decimal(gross);
}

/** Used for usage a commitment covered; Unused for a fee row whose amortised cost is the idle part. */
function commitmentStatus(
  id: string | null,
  category: string,
  type: string,
  effective: string,
): string | null {
  if (!id) return null;
  if (category === "Usage") return "Used";
  if ((type === "RIFee" || type === "SavingsPlanRecurringFee") && !isZero(effective))
    return "Unused";
  return null;
}

interface TagColumn {
  column: string;
  at: number;
  key: string;
}

/** Legacy `resourceTags/user:Name` and Athena `resource_tags_user_name` columns. */
function flattenedTagColumns(columns: readonly string[]): TagColumn[] {
  const tags: TagColumn[] = [];
  columns.forEach((column, at) => {
    if (column.startsWith("resourceTags/"))
      tags.push({ column, at, key: tagKey(column.slice(13)) });
    else if (column.startsWith("resource_tags_"))
      tags.push({ column, at, key: tagKey(column.slice(14)) });
  });
  return tags;
}

/**
 * A CUR tag key without the `user:` prefix AWS adds to user-defined tags (FOCUS: the one
 * user-defined scheme is unprefixed); AWS-generated tags keep `aws:`. Athena and CUR 2.0 write
 * `user_name`/`aws_created_by`: the prefix is recognised, the rest is kept as written.
 */
function tagKey(raw: string): string {
  if (raw.startsWith("user:") || raw.startsWith("user_")) return raw.slice(5);
  if (raw.startsWith("aws_")) return `aws:${raw.slice(4)}`;
  return raw;
}

function awsTags(
  record: SourceRecord | SourceFields,
  flattened: TagColumn[],
  map: unknown,
  mapColumn: string,
): Record<string, string> | null {
  let tags: Record<string, string> | null = null;
  for (const { column, at, key } of flattened) {
    const value = valueAt(record, column, at);
    if (!isBlank(value)) {
      tags ??= {};
      tags[key] = text(value) ?? "";
    }
  }
  const mapped = tagMap(map, mapColumn);
  if (mapped) {
    tags ??= {};
    for (const [key, value] of Object.entries(mapped)) tags[tagKey(key)] = value;
  }
  return tags;
}
