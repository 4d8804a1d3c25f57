import Decimal from "decimal.js";

/** How a half minor unit is rounded. Both are symmetric: a credit note is its invoice negated. */
export type RoundingMode = "half-up" | "half-even";

const DECIMAL_MODE = { "half-up": Decimal.ROUND_HALF_UP, "half-even": Decimal.ROUND_HALF_EVEN };
const digitsCache = new Map<string, number>();

/** Whether `code` is an ISO 4217 currency this runtime knows (USD, EUR, JPY, BHD…). */
export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    return Intl.supportedValuesOf("currency").includes(code);
  } catch {
    return true;
  }
}

/** Digits after the decimal point of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for BHD. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    if (!isCurrency(currency))
      throw new RangeError(`"${currency}" is not an ISO 4217 currency code`);
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Rounds to the currency's minor unit. */
export function roundMoney(value: Decimal.Value, currency: string, mode: RoundingMode): Decimal {
  return new Decimal(value).toDecimalPlaces(minorDigits(currency), DECIMAL_MODE[mode]);
}

/** The amount as stored and shown: always with the currency's digits ("12.50", "1200", "0.125"). */
export function moneyString(value: Decimal, currency: string): string {
  return value.toFixed(minorDigits(currency));
}
