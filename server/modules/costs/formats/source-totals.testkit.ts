import Decimal from "decimal.js";
import type { SourceRecord } from "../import/focus.ts";

/**
 * Test support: what each billing fixture should total, computed straight from the file's
 * own columns by exact name, without the format mappers, `columnIndex` or `values.ts`. The
 * formats tests compare these with the sums of the mapped ledger rows.
 */
export interface SourceLine {
  account: string;
  /** The billing period start, as the ledger's ISO instant. */
  period: string;
  billed: Decimal.Value;
  effective: Decimal.Value;
}

export type SourceTotaller = (record: SourceRecord) => SourceLine;

const zero = new Decimal(0);

function amount(value: unknown): Decimal {
  if (value === null || value === undefined || value === "") return zero;
  if (typeof value === "number" || typeof value === "string") return new Decimal(value);
  throw new Error(`not an amount: ${JSON.stringify(value)}`);
}

function instant(value: unknown): string {
  const date = value instanceof Date ? value : new Date(String(value));
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `lineItem/UnblendedCost` → `line_item_unblended_cost`, as Athena and CUR 2.0 name columns. */
export function snakeCase(name: string): string {
  return name
    .replace("/", "_")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])(?=[A-Z])/g, "$1_")
    .toLowerCase();
}

/**
 * AWS CUR: BilledCost is the unblended cost (the fixtures have no net columns); EffectiveCost
 * follows AWS's amortisation by line item type.
 */
export function awsTotaller(name: (legacy: string) => string): SourceTotaller {
  return (record) => {
    const get = (legacy: string) => record[name(legacy)];
    const unblended = amount(get("lineItem/UnblendedCost"));
    let effective: Decimal;
    switch (get("lineItem/LineItemType")) {
      case "SavingsPlanCoveredUsage":
        effective = amount(get("savingsPlan/SavingsPlanEffectiveCost"));
        break;
      case "SavingsPlanRecurringFee":
        effective = amount(get("savingsPlan/TotalCommitmentToDate")).minus(
          amount(get("savingsPlan/UsedCommitment")),
        );
        break;
      case "SavingsPlanNegation":
      case "SavingsPlanUpfrontFee":
        effective = zero;
        break;
      case "DiscountedUsage":
        effective = amount(get("reservation/EffectiveCost"));
        break;
      case "RIFee":
        effective = amount(get("reservation/UnusedAmortizedUpfrontFeeForBillingPeriod")).plus(
          amount(get("reservation/UnusedRecurringFee")),
        );
        break;
      case "Fee":
        effective = get("reservation/ReservationARN") ? zero : unblended;
        break;
      default:
        effective = unblended;
    }
    return {
      account: String(get("bill/PayerAccountId")),
      period: instant(get("bill/BillingPeriodStartDate")),
      billed: unblended,
      effective,
    };
  };
}

/**
 * Azure cost details: commitment purchases are billed, not effective; usage a commitment
 * covered and unused commitment are effective, not billed; everything else is both.
 */
export function azureTotaller(costColumn: string): SourceTotaller {
  return (record) => {
    const cost = amount(record[costColumn]);
    const chargeType = String(record.ChargeType);
    const isCommitment = ["Reservation", "SavingsPlan"].includes(String(record.PricingModel));
    const [month, , year] = String(record.BillingPeriodStartDate).split("/");
    return {
      account: String(record.BillingAccountId),
      period: `${year}-${month?.padStart(2, "0")}-01T00:00:00Z`,
      billed:
        (isCommitment && chargeType === "Usage") || chargeType.startsWith("Unused") ? 0 : cost,
      effective: isCommitment && ["Purchase", "Refund"].includes(chargeType) ? 0 : cost,
    };
  };
}

/** Google's invoice months start at midnight Pacific Time (PDT in both fixture months). */
const GCP_INVOICE_MONTHS: Record<string, string> = {
  "202409": "2024-09-01T07:00:00Z",
  "202410": "2024-10-01T07:00:00Z",
};

/** GCP: cost plus the (negative) credits, nested (JSON lines) or flattened (CSV). */
export function gcpTotaller(flat: boolean): SourceTotaller {
  return (record) => {
    const credits = (flat ? JSON.parse(String(record.credits)) : record.credits) as {
      amount: number;
    }[];
    const month = flat ? record.invoice_month : (record.invoice as { month: string }).month;
    const total = credits.reduce((sum, credit) => sum.plus(credit.amount), amount(record.cost));
    const period = GCP_INVOICE_MONTHS[String(month)];
    if (!period) throw new Error(`unexpected invoice month ${String(month)}`);
    return { account: String(record.billing_account_id), period, billed: total, effective: total };
  };
}

export const ociTotaller: SourceTotaller = (record) => {
  const cost = amount(record["cost/myCost"]);
  const start = String(record["lineItem/intervalUsageStart"]);
  return {
    account: String(record["lineItem/tenantId"]),
    period: `${start.slice(0, 7)}-01T00:00:00Z`,
    billed: cost,
    effective: cost,
  };
};

export const digitalOceanTotaller: SourceTotaller = (record) => {
  const match = /^(-?)\$(\d+\.\d\d)$/.exec(String(record.USD));
  if (!match) throw new Error(`unexpected amount ${String(record.USD)}`);
  const cost = new Decimal(`${match[1]}${match[2]}`);
  return {
    account: "digitalocean",
    period: `${String(record.start).slice(0, 7)}-01T00:00:00Z`,
    billed: cost,
    effective: cost,
  };
};

export const focusTotaller: SourceTotaller = (record) => ({
  account: String(record.BillingAccountId),
  period: `${String(record.BillingPeriodStart).replace(" ", "T")}Z`,
  billed: amount(record.BilledCost),
  effective: amount(record.EffectiveCost),
});
