import Decimal from "decimal.js";
import { moneyString, type RoundingMode, roundMoney } from "./currency.ts";

/** One invoice line as priced: amounts in the invoice's currency, as decimal strings. */
export interface PricedLine {
  quantity: string;
  unitPrice: string;
  /** Percent off this line, 0–100. */
  discountPercent?: string;
  /** Percent, e.g. "20" for 20 % VAT; "0" for exempt or reverse-charged lines. */
  taxRate: string;
}

/**
 * Where tax is rounded. "per-rate": once per tax rate, on the sum of the lines at that rate (the
 * usual rule for VAT invoices). "per-line": on each line, then summed.
 */
export type TaxRounding = "per-rate" | "per-line";

export interface TotalsOptions {
  currency: string;
  rounding: RoundingMode;
  taxRounding: TaxRounding;
}

export interface TaxGroup {
  rate: string;
  /** Sum of the net amounts of the lines at this rate. */
  base: string;
  tax: string;
}

export interface InvoiceTotals {
  /** Net amount of each line, rounded to the currency's minor unit, in input order. */
  lineNets: string[];
  subtotal: string;
  /** One group per distinct rate, in ascending rate order. */
  taxes: TaxGroup[];
  tax: string;
  total: string;
}

/**
 * The totals of an invoice. Rounding is explicit and happens in exactly two places: each line's
 * net amount, then each tax amount (per rate or per line). Everything after that is exact
 * decimal addition, so `sum(lineNets) = subtotal` and `subtotal + tax = total` always hold.
 */
export function invoiceTotals(lines: PricedLine[], options: TotalsOptions): InvoiceTotals {
  const round = (value: Decimal) => roundMoney(value, options.currency, options.rounding);
  const nets = lines.map((line) => round(lineNet(line)));
  const groups = new Map<string, { rate: Decimal; base: Decimal; tax: Decimal }>();
  lines.forEach((line, i) => {
    const rate = new Decimal(line.taxRate);
    const key = rate.toString();
    const group = groups.get(key) ?? { rate, base: new Decimal(0), tax: new Decimal(0) };
    group.base = group.base.plus(nets[i]!);
    if (options.taxRounding === "per-line")
      group.tax = group.tax.plus(round(taxOf(nets[i]!, rate)));
    groups.set(key, group);
  });
  const taxes = [...groups.values()].sort((a, b) => a.rate.comparedTo(b.rate));
  if (options.taxRounding === "per-rate") {
    for (const group of taxes) group.tax = round(taxOf(group.base, group.rate));
  }
  const subtotal = nets.reduce((sum, net) => sum.plus(net), new Decimal(0));
  const tax = taxes.reduce((sum, group) => sum.plus(group.tax), new Decimal(0));
  const money = (value: Decimal) => moneyString(value, options.currency);
  return {
    lineNets: nets.map(money),
    subtotal: money(subtotal),
    taxes: taxes.map((g) => ({ rate: g.rate.toString(), base: money(g.base), tax: money(g.tax) })),
    tax: money(tax),
    total: money(subtotal.plus(tax)),
  };
}

/** quantity × unit price × (1 − discount), unrounded. */
export function lineNet(line: PricedLine): Decimal {
  const gross = new Decimal(line.quantity).times(line.unitPrice);
  if (!line.discountPercent) return gross;
  return gross.times(new Decimal(100).minus(line.discountPercent)).dividedBy(100);
}

function taxOf(base: Decimal, ratePercent: Decimal): Decimal {
  return base.times(ratePercent).dividedBy(100);
}

/**
 * Cloud spend passed through to a client: cost in the bill's currency, converted with the
 * invoice's stored exchange rate (invoice currency per one unit of the cost currency), plus a
 * markup percent. Unrounded: the line's net is rounded once, in invoiceTotals.
 */
export function markedUp(
  cost: Decimal.Value,
  markupPercent: Decimal.Value,
  exchangeRate: Decimal.Value = 1,
) {
  return new Decimal(cost)
    .times(exchangeRate)
    .times(new Decimal(100).plus(markupPercent))
    .dividedBy(100);
}
