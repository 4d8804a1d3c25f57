/**
 * Cost amounts arrive as exact decimal strings with up to 12 places. They are added and
 * compared here as scaled integers and rounded to cents only for display, so a total never
 * shifts by a float rounding error.
 */
const PLACES = 12;
const SCALE = 10n ** BigInt(PLACES);
const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?$/;

/** A decimal string as an integer count of 10^-12 units; anything unparsable counts as 0. */
export function toScaled(value: string | null | undefined): bigint {
  const match = DECIMAL.exec((value ?? "").trim());
  if (!match) return 0n;
  const [, sign, whole = "", fraction = ""] = match;
  const digits =
    BigInt(whole || "0") * SCALE + BigInt(fraction.padEnd(PLACES, "0").slice(0, PLACES) || "0");
  return sign === "-" ? -digits : digits;
}

export function fromScaled(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % SCALE).toString().padStart(PLACES, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${abs / SCALE}${fraction ? `.${fraction}` : ""}`;
}

/** Exact a − b of two decimal strings. */
export function subtractDecimal(a: string, b: string): string {
  return fromScaled(toScaled(a) - toScaled(b));
}

/** Rounds a decimal string to `places` (half away from zero), exactly. */
export function roundDecimal(value: string, places = 2): string {
  const scaled = toScaled(value);
  const unit = 10n ** BigInt(PLACES - places);
  const abs = scaled < 0n ? -scaled : scaled;
  const rounded = ((abs + unit / 2n) / unit) * unit;
  return fromScaled(scaled < 0n ? -rounded : rounded);
}

/** (current − previous) / previous as a percentage; null when there is nothing to compare. */
export function percentChange(current: string, previous: string): number | null {
  const base = toScaled(previous);
  if (base === 0n) return null;
  // Ratio of two exact integers; the float division only affects the shown percentage.
  return (Number(toScaled(current) - base) / Number(base < 0n ? -base : base)) * 100;
}

/** The share of `part` in `whole`, 0–1, for display. */
export function shareOf(part: string, whole: string): number {
  const denominator = toScaled(whole);
  return denominator === 0n ? 0 : Number(toScaled(part)) / Number(denominator);
}

export interface MoneyFormat {
  /** An amount in the report's currency, rounded to 2 decimals. */
  money: (value: string) => string;
  /** A unit price: 2 to 4 decimals, so a sub-cent rate (0.0035 per GB) does not show as 0.00. */
  price: (value: string) => string;
  /** A short label for chart axes: $1.2K. */
  compact: (value: number) => string;
  percent: (value: number) => string;
}

/** Money formatters for one currency (the report's billing currency, not the workspace's). */
export function createMoneyFormat(locale: string, currency: string | null): MoneyFormat {
  const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined;
  const amount = new Intl.NumberFormat(locale, {
    ...(code ? { style: "currency", currency: code } : {}),
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const price = new Intl.NumberFormat(locale, {
    ...(code ? { style: "currency", currency: code } : {}),
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  const compact = new Intl.NumberFormat(locale, {
    ...(code ? { style: "currency", currency: code } : {}),
    notation: "compact",
    maximumFractionDigits: 1,
  });
  const percent = new Intl.NumberFormat(locale, {
    style: "percent",
    maximumFractionDigits: 1,
  });
  return {
    // The rounded string goes to Intl as a string: it formats it as the exact decimal it is.
    money: (value) => amount.format(roundDecimal(value) as Intl.StringNumericLiteral),
    price: (value) => price.format(roundDecimal(value, 4) as Intl.StringNumericLiteral),
    compact: (value) => compact.format(value),
    percent: (value) => percent.format(value),
  };
}
