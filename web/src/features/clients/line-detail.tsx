import { createMoneyFormat, type MoneyFormat } from "../costs/money.ts";
import type { InvoiceLine } from "./invoice-format.ts";

const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);

/** Hours with two decimals from seconds, for display only. */
const hoursOf = (seconds: unknown) =>
  typeof seconds === "number" ? `${(seconds / 3600).toFixed(2)} h` : null;

/** Where a line came from, in words: cost and markup, exchange rate, hours and entries. */
export function detailRows(
  line: InvoiceLine,
  fmt: MoneyFormat,
  locale: string,
): [string, string][] {
  // Cost and rates are in their own currency, which may not be the invoice's.
  const inCurrency = (amount: string | null, currency: string | null) =>
    amount && createMoneyFormat(locale, currency).money(amount);
  const d = line.detail;
  const rows: [string, string | null][] = [];
  if (line.kind === "cloud") {
    const costCurrency = text(d.costCurrency);
    rows.push(
      ["Provider", text(d.provider)],
      ["Service", text(d.service)],
      [
        "Cost",
        text(d.cost) &&
          `${inCurrency(text(d.cost), costCurrency)} ${costCurrency ?? ""} (${text(d.basis) ?? "BilledCost"})`,
      ],
      ["Markup", text(d.markupPercent) && `${text(d.markupPercent)} %`],
      ["Resources", text(d.resources)],
      ["Project", text(d.projectKey)],
    );
  }
  if (line.kind === "time") {
    const entries = Array.isArray(d.entryIds) ? d.entryIds.length : null;
    rows.push(
      ["Project", text(d.projectKey)],
      ["Person", text(d.person)],
      ["Hours logged", hoursOf(d.seconds)],
      ["Hours billed (rounded)", hoursOf(d.roundedSeconds)],
      ["Rate", text(d.rate) && `${inCurrency(text(d.rate), text(d.rateCurrency))} per hour`],
      ["Time entries", entries === null ? null : String(entries)],
    );
  }
  if (line.kind === "resource_fee") rows.push(["Resources", text(d.resources)]);
  const rate = text(d.exchangeRate);
  if (rate && rate !== "1") rows.push(["Exchange rate", rate]);
  rows.push(["Net", fmt.money(line.net)]);
  return rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== "");
}

/** A line's origin as a compact definition list, shown when its row is expanded. */
export function LineDetail({
  line,
  fmt,
  locale,
}: {
  line: InvoiceLine;
  fmt: MoneyFormat;
  locale: string;
}) {
  return (
    <dl
      className="grid grid-cols-2 gap-x-6 gap-y-1 text-xs sm:grid-cols-4"
      data-testid="line-detail"
    >
      {detailRows(line, fmt, locale).map(([label, value]) => (
        <div key={label}>
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
