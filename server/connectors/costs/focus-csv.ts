import { csvField } from "../../platform/db/copy.ts";

/**
 * Connectors that read costs from an API (Cost Explorer, Azure Cost Management) write them as a
 * FOCUS 1.2 CSV, so they enter the ledger through the same importer as an uploaded export: one
 * path for validation, period replacement and roll-ups, never a second ledger writer.
 */
export const FOCUS_PULL_COLUMNS = [
  "BillingAccountId",
  "BillingAccountName",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "BilledCost",
  "EffectiveCost",
  "BillingCurrency",
  "ProviderName",
  "PublisherName",
  "InvoiceIssuerName",
  "ServiceName",
  "ChargeCategory",
  "ChargeDescription",
  "SubAccountId",
  "SubAccountName",
  "RegionId",
  "ResourceId",
  "x_Source",
  "x_Estimated",
] as const;

export type FocusPullRow = Partial<Record<(typeof FOCUS_PULL_COLUMNS)[number], string>>;

/** The rows as a FOCUS CSV (header row first). */
export function focusCsv(rows: FocusPullRow[]): string {
  const lines = [FOCUS_PULL_COLUMNS.join(",")];
  for (const row of rows) lines.push(FOCUS_PULL_COLUMNS.map((c) => csvField(row[c])).join(","));
  return `${lines.join("\n")}\n`;
}

const DAY_MS = 86_400_000;

/** First day (UTC) of the month holding `date`. */
export function monthStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1));
}

export function nextMonth(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1));
}

/**
 * The whole calendar months touching [from, to), cut after the day holding `to` (later days have
 * no data yet). Billing periods are replaced whole, so a pull always starts at a month's first
 * day: a partial month would replace the days it did not fetch with nothing.
 */
export function billingWindow(from: Date, to: Date): { start: Date; end: Date } {
  const start = monthStart(from);
  const dayAfterTo = new Date(Math.floor((to.getTime() - 1) / DAY_MS) * DAY_MS + DAY_MS);
  const wholeMonths = nextMonth(new Date(Math.max(from.getTime(), to.getTime() - 1)));
  const end = new Date(Math.min(wholeMonths.getTime(), dayAfterTo.getTime()));
  if (end.getTime() <= start.getTime()) throw new Error("The cost period is empty");
  return { start, end };
}

/** The FOCUS billing period (the calendar month) a charge of `day` belongs to. */
export function billingPeriodOf(day: Date) {
  const start = monthStart(day);
  return { start: isoDay(start), end: isoDay(nextMonth(start)) };
}

export const ymd = (d: Date) => d.toISOString().slice(0, 10);
export const isoDay = (d: Date) => `${ymd(d)}T00:00:00Z`;
