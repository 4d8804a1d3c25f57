import Decimal from "decimal.js";

/** Sum of decimal strings as a decimal string without exponent (null terms count as 0). */
export function addAmounts(...amounts: (string | null | undefined)[]): string {
  let total = new Decimal(0);
  for (const amount of amounts) if (amount) total = total.plus(amount);
  return total.toFixed();
}

/** `a - b` of decimal strings, without exponent. */
export function subtractAmount(a: string, b: string): string {
  return new Decimal(a).minus(b).toFixed();
}

export function isZero(amount: string): boolean {
  return new Decimal(amount).isZero();
}

/** `a × b` of decimal strings, without exponent; null when either is null. */
export function multiplyAmounts(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null;
  return new Decimal(a).times(b).toFixed();
}
