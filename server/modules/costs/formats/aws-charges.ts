import { addAmounts, subtractAmount } from "./amounts.ts";

/**
 * How an AWS Cost and Usage Report line item type becomes FOCUS charge columns. Rules from the
 * FinOps Foundation converter (conversion-rules/aws-cur.csv, MIT) and AWS's CUR documentation
 * on amortisation, adjusted to FOCUS 1.2 where the converter predates it (Credit is now its own
 * ChargeCategory).
 */

const USAGE = new Set([
  "Usage",
  "DiscountedUsage",
  "SavingsPlanCoveredUsage",
  "SavingsPlanNegation",
  // Negotiated and bundled discounts reduce usage as it is billed (not after the fact), so they
  // stay Usage, as in the converter.
  "BundledDiscount",
  "Discount",
  "PrivateRateDiscount",
  "EdpDiscount",
  "SppDiscount",
  "DistributorDiscount",
]);
const PURCHASE = new Set(["Fee", "RIFee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee"]);
const COMMITTED_USAGE = new Set([
  "DiscountedUsage",
  "SavingsPlanCoveredUsage",
  "SavingsPlanNegation",
]);
/** Line items that carry usage (ConsumedQuantity applies). */
const METERED = new Set(["Usage", "DiscountedUsage", "SavingsPlanCoveredUsage"]);

export function chargeCategory(type: string): string {
  if (USAGE.has(type)) return "Usage";
  if (PURCHASE.has(type)) return "Purchase";
  if (type === "Tax") return "Tax";
  if (type === "Credit") return "Credit";
  // Refund and anything AWS adds later: FOCUS's catch-all.
  return "Adjustment";
}

export function isMetered(type: string): boolean {
  return METERED.has(type);
}

/**
 * FOCUS 1.2 ChargeFrequency. Fees and taxes recur when they come on the monthly (Anniversary)
 * bill and are one-off on a Purchase or Refund bill (e.g. an all-upfront reservation).
 */
export function chargeFrequency(type: string, billType: string | null): string {
  if (USAGE.has(type)) return "Usage-Based";
  if (type === "RIFee" || type === "SavingsPlanRecurringFee") return "Recurring";
  if ((type === "Fee" || type === "Tax") && billType === "Anniversary") return "Recurring";
  return "One-Time";
}

/**
 * FOCUS 1.2 PricingCategory: null for tax, credits and adjustments (allowed), Committed for
 * usage a commitment priced, Dynamic for Spot, Standard otherwise (including the purchase of
 * a commitment, which FOCUS counts as Standard).
 */
export function pricingCategory(
  type: string,
  term: string | null,
  usageType: string | null,
): string | null {
  const category = chargeCategory(type);
  if (category !== "Usage" && category !== "Purchase") return null;
  if (COMMITTED_USAGE.has(type) || term === "Reserved" || term === "SavingsPlan")
    return "Committed";
  if (term === "Spot" || usageType?.includes("SpotUsage")) return "Dynamic";
  return "Standard";
}

/**
 * FOCUS 1.2 ChargeClass is "Correction" only for a correction to an already invoiced billing
 * period. The CUR says so only indirectly: a Refund or Credit whose usage started before the
 * billing period it is reported in. Anything else is null.
 */
export function chargeClass(type: string, usageStart: string, periodStart: string): string | null {
  if ((type === "Refund" || type === "Credit") && usageStart < periodStart) return "Correction";
  return null;
}

/** The amortisation inputs of one line item; null where the column is absent or blank. */
export interface AmortisationInputs {
  type: string;
  billed: string;
  reservationArn: string | null;
  reservationEffectiveCost: string | null;
  unusedAmortizedUpfrontFee: string | null;
  unusedRecurringFee: string | null;
  savingsPlanEffectiveCost: string | null;
  totalCommitmentToDate: string | null;
  usedCommitment: string | null;
}

/**
 * EffectiveCost (amortised) by line item type, AWS's amortisation rules as the converter
 * writes them: covered usage carries its share of the commitment, the commitment's fee rows
 * keep only the unused part, and upfront payments are 0 because they are spread over the
 * usage they cover. When the report lacks the commitment columns (accounts without
 * reservations or Savings Plans get none), the cost falls back to BilledCost: no amortisation
 * can be computed, and the totals then equal the invoice rather than losing the amount.
 */
export function effectiveCost(line: AmortisationInputs): string {
  switch (line.type) {
    case "SavingsPlanCoveredUsage":
      return line.savingsPlanEffectiveCost ?? line.billed;
    case "SavingsPlanRecurringFee":
      return line.totalCommitmentToDate !== null && line.usedCommitment !== null
        ? subtractAmount(line.totalCommitmentToDate, line.usedCommitment)
        : line.billed;
    case "SavingsPlanNegation":
    case "SavingsPlanUpfrontFee":
      return "0";
    case "DiscountedUsage":
      return line.reservationEffectiveCost ?? line.billed;
    case "RIFee":
      return line.unusedAmortizedUpfrontFee === null && line.unusedRecurringFee === null
        ? line.billed
        : addAmounts(line.unusedAmortizedUpfrontFee, line.unusedRecurringFee);
    case "Fee":
      // An upfront reservation payment: amortised into DiscountedUsage and RIFee rows.
      return line.reservationArn ? "0" : line.billed;
    default:
      return line.billed;
  }
}
