import Decimal from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { minorDigits, roundMoney } from "./currency.ts";
import { invoiceTotals, markedUp, type PricedLine, type TotalsOptions } from "./invoice-math.ts";

/** A decimal string with up to `scale` places, between -max and max (or 0 and max). */
const decimal = (max: number, scale: number, signed = false) =>
  fc
    .integer({ min: signed ? -max * 10 ** scale : 0, max: max * 10 ** scale })
    .map((n) => new Decimal(n).dividedBy(10 ** scale).toString());

const line: fc.Arbitrary<PricedLine> = fc.record({
  quantity: decimal(1_000, 3),
  unitPrice: decimal(10_000, 6, true),
  discountPercent: fc.option(decimal(100, 2), { nil: undefined }),
  taxRate: fc.constantFrom("0", "5", "7.7", "19", "20", "21", "25.5"),
});

const options: fc.Arbitrary<TotalsOptions> = fc.record({
  currency: fc.constantFrom("EUR", "USD", "JPY", "BHD", "CHF"),
  rounding: fc.constantFrom("half-up" as const, "half-even" as const),
  taxRounding: fc.constantFrom("per-rate" as const, "per-line" as const),
});

const sum = (values: string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));

describe("invoice totals", () => {
  it("always satisfy sum(lines) = subtotal and subtotal + tax = total, exactly", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), options, (lines, opts) => {
        const totals = invoiceTotals(lines, opts);
        expect(sum(totals.lineNets).equals(totals.subtotal)).toBe(true);
        expect(sum(totals.taxes.map((t) => t.tax)).equals(totals.tax)).toBe(true);
        expect(sum(totals.taxes.map((t) => t.base)).equals(totals.subtotal)).toBe(true);
        expect(new Decimal(totals.subtotal).plus(totals.tax).equals(totals.total)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("state every amount in the currency's minor unit", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), options, (lines, opts) => {
        const totals = invoiceTotals(lines, opts);
        const digits = minorDigits(opts.currency);
        const amounts = [
          ...totals.lineNets,
          totals.subtotal,
          totals.tax,
          totals.total,
          ...totals.taxes.flatMap((t) => [t.base, t.tax]),
        ];
        for (const amount of amounts) {
          expect(new Decimal(amount).decimalPlaces()).toBeLessThanOrEqual(digits);
          expect(amount.split(".")[1]?.length ?? 0).toBe(digits);
        }
      }),
    );
  });

  it("round each line once and each rate's tax once (per-rate)", () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), options, (lines, opts) => {
        const totals = invoiceTotals(lines, { ...opts, taxRounding: "per-rate" });
        for (const group of totals.taxes) {
          const expected = roundMoney(
            new Decimal(group.base).times(group.rate).dividedBy(100),
            opts.currency,
            opts.rounding,
          );
          expect(expected.equals(group.tax)).toBe(true);
        }
      }),
    );
  });

  it("make a credit note the exact negation of its invoice", () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), options, (lines, opts) => {
        const invoice = invoiceTotals(lines, opts);
        const negated = lines.map((l) => ({
          ...l,
          unitPrice: new Decimal(l.unitPrice).negated().toString(),
        }));
        const credit = invoiceTotals(negated, opts);
        expect(new Decimal(credit.total).plus(invoice.total).isZero()).toBe(true);
        expect(new Decimal(credit.tax).plus(invoice.tax).isZero()).toBe(true);
      }),
    );
  });

  it("work a known VAT invoice by hand", () => {
    const totals = invoiceTotals(
      [
        { quantity: "1", unitPrice: "1234.565", taxRate: "20" }, // cloud pass-through
        { quantity: "7.25", unitPrice: "95", taxRate: "20" }, // hours
        { quantity: "1", unitPrice: "500", discountPercent: "10", taxRate: "20" }, // retainer
        { quantity: "3", unitPrice: "9.99", taxRate: "0" }, // exempt fee
      ],
      { currency: "EUR", rounding: "half-up", taxRounding: "per-rate" },
    );
    expect(totals.lineNets).toEqual(["1234.57", "688.75", "450.00", "29.97"]);
    expect(totals.subtotal).toBe("2403.29");
    expect(totals.taxes).toEqual([
      { rate: "0", base: "29.97", tax: "0.00" },
      { rate: "20", base: "2373.32", tax: "474.66" },
    ]);
    expect(totals.total).toBe("2877.95");
  });

  it("differ between half-up and half-even only on exact halves", () => {
    const lines = [{ quantity: "1", unitPrice: "0.125", taxRate: "0" }];
    const up = invoiceTotals(lines, {
      currency: "USD",
      rounding: "half-up",
      taxRounding: "per-rate",
    });
    const even = invoiceTotals(lines, {
      currency: "USD",
      rounding: "half-even",
      taxRounding: "per-rate",
    });
    expect([up.total, even.total]).toEqual(["0.13", "0.12"]);
    const yen = invoiceTotals(lines, {
      currency: "JPY",
      rounding: "half-up",
      taxRounding: "per-rate",
    });
    expect(yen.total).toBe("0");
  });
});

describe("marked-up cloud cost", () => {
  it("converts with the stored rate, then adds the markup", () => {
    expect(markedUp("100", "20").toString()).toBe("120");
    expect(markedUp("100", "20", "0.92").toString()).toBe("110.4");
    expect(markedUp("0.333333", "15").toString()).toBe("0.38333295");
  });
});
