import type { OperationOutput } from "../../lib/api.ts";
import { createMoneyFormat, fromScaled, type MoneyFormat, toScaled } from "../costs/money.ts";

export type Invoice = OperationOutput<"invoices.list">[number];
export type InvoiceDetail = OperationOutput<"invoices.get">;
export type InvoiceLine = InvoiceDetail["lines"][number];
export type Client = OperationOutput<"clients.list">[number];
export type ClientDetail = OperationOutput<"clients.get">;
export type Payment = OperationOutput<"payments.list">["payments"][number];
export type Status = Invoice["status"];

export const STATUS_LABELS: Record<Status, string> = {
  draft: "Draft",
  issued: "Issued",
  sent: "Sent",
  partially_paid: "Partially paid",
  paid: "Paid",
  void: "Void",
};

export const STATUS_BADGE = {
  draft: "outline",
  issued: "secondary",
  sent: "secondary",
  partially_paid: "warning",
  paid: "success",
  void: "outline",
} as const satisfies Record<Status, string>;

/** The list filter: the server's statuses plus "overdue", which is a flag on open invoices. */
export type StatusFilter = Status | "overdue" | "all";

export const FILTERS: [StatusFilter, string][] = [
  ["all", "All"],
  ["draft", "Draft"],
  ["issued", "Issued"],
  ["sent", "Sent"],
  ["partially_paid", "Partially paid"],
  ["paid", "Paid"],
  ["overdue", "Overdue"],
  ["void", "Void"],
];

export const PAYMENT_METHODS = [
  ["bank_transfer", "Bank transfer"],
  ["card", "Card"],
  ["cash", "Cash"],
  ["cheque", "Cheque"],
  ["other", "Other"],
] as const;

export type PaymentMethod = (typeof PAYMENT_METHODS)[number][0];

export const methodLabel = (method: string) =>
  PAYMENT_METHODS.find(([m]) => m === method)?.[1] ?? method;

/** Money formatters for one invoice's or client's currency. */
export function moneyIn(locale: string, currency: string): MoneyFormat {
  return createMoneyFormat(locale, currency);
}

/** The invoice's name: its number, "Draft" before it is issued. */
export function invoiceName(invoice: Pick<Invoice, "number" | "kind">): string {
  if (invoice.number) return invoice.number;
  return invoice.kind === "credit_note" ? "Draft credit note" : "Draft";
}

/** "2024-09-01" → "September 2024"; periods are whole months, the end exclusive. */
export function monthName(day: string, locale: string): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function periodName(
  start: string | null,
  end: string | null,
  locale: string,
): string | null {
  if (!start || !end) return null;
  const last = addMonths(end, -1);
  return last === start
    ? monthName(start, locale)
    : `${monthName(start, locale)} – ${monthName(last, locale)}`;
}

/** The first day of the month `n` months after the month of `day` (YYYY-MM-DD). */
export function addMonths(day: string, n: number): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}

/** The first day of the current month, in UTC like the server's periods. */
export function thisMonth(today = new Date()): string {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))
    .toISOString()
    .slice(0, 10);
}

/** Exact sums of decimal strings per currency (scaled integers, never floats). */
export function sumByCurrency(items: { currency: string; amount: string }[]) {
  const sums = new Map<string, bigint>();
  for (const { currency, amount } of items)
    sums.set(currency, (sums.get(currency) ?? 0n) + toScaled(amount));
  return [...sums].map(([currency, sum]) => ({ currency, amount: fromScaled(sum) }));
}

export const isPositive = (value: string) => toScaled(value) > 0n;
export const isOpen = (invoice: Pick<Invoice, "status">) =>
  invoice.status === "issued" || invoice.status === "sent" || invoice.status === "partially_paid";
