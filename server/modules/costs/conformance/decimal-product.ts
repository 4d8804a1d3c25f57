import { toNumber } from "./value-formats.ts";

/** A decimal as an integer and a power of ten: 12.5 is { units: 125n, scale: 1 }. */
interface Exact {
  units: bigint;
  scale: number;
}

const PARTS = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

function exact(value: unknown): Exact | null {
  const m = PARTS.exec(String(value));
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const fraction = m[3] ?? "";
  let units = BigInt(`${m[1]}${m[2] || "0"}${fraction}`);
  let scale = fraction.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units, scale };
}

/** Decimal places as written: "1.50" has 2, "3" has 0, "1.5E-3" has 4. */
function decimalPlaces(value: unknown): number {
  const text = String(value);
  const e = text.search(/[eE]/);
  const mantissa = e < 0 ? text : text.slice(0, e);
  const point = mantissa.indexOf(".");
  const places = point < 0 ? 0 : mantissa.trimEnd().length - point - 1;
  return Math.max(0, places - (e < 0 ? 0 : Number(text.slice(e + 1))));
}

const abs = (n: bigint) => (n < 0n ? -n : n);

/**
 * Whether a × b matches the result column, to the precision the result is written in but never
 * coarser than a cent: providers round costs, so 0.1234 × 3 = 0.3702 matches a ListCost of
 * "0.37" and "0.3702", but not "0.38". Null when a value is not a number.
 */
export function productMatches(a: unknown, b: unknown, result: unknown): boolean | null {
  const x = toNumber(a);
  const y = toNumber(b);
  const r = toNumber(result);
  if (Number.isNaN(x) || Number.isNaN(y) || Number.isNaN(r)) return null;
  const places = Math.max(decimalPlaces(result), 2);
  const tolerance = 0.5 * 10 ** -places;
  // Floats settle almost every row; only a difference within rounding error of the tolerance
  // needs exact arithmetic.
  const product = x * y;
  const difference = Math.abs(product - r);
  const error = (Math.abs(product) + Math.abs(r)) * 1e-15;
  if (difference + error <= tolerance) return true;
  if (difference - error > tolerance) return false;
  return exactlyMatches(a, b, result, places);
}

function exactlyMatches(a: unknown, b: unknown, result: unknown, places: number): boolean | null {
  const x = exact(a);
  const y = exact(b);
  const r = exact(result);
  if (!x || !y || !r) return null;
  const scale = Math.max(x.scale + y.scale, r.scale, places + 1);
  const product = x.units * y.units * 10n ** BigInt(scale - x.scale - y.scale);
  const written = r.units * 10n ** BigInt(scale - r.scale);
  // |product − written| ≤ ½ · 10^−places, all in units of 10^−scale.
  return abs(product - written) * 2n <= 10n ** BigInt(scale - places);
}
