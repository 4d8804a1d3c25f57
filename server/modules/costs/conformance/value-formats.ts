/**
 * What the FOCUS 1.2 value-format attributes accept, as predicates over ledger values (strings
 * for decimals and date-times, plain objects for key-value columns). Null never reaches these.
 */

// NumericFormat-A-003/005/006/010: integer, decimal or E notation ("mEn"); no "+" on the value
// and none on the exponent; no thousands separators, currency symbols or units.
const NUMERIC = /^-?(?:\d*\.)?\d+(?:[eE]-?\d+)?$/;
// Looser: what any reader would take as a number ("+1", "1.", " 2 "); for the type checks.
const NUMBER_LIKE = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
// Any ISO 8601 date or date-time, with or without zone: the value is a date-time, maybe not UTC.
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A value in FOCUS numeric format: `-12.5`, `3`, `1.2E-7`. */
export function isNumericFormat(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && NUMERIC.test(value);
}

/** A value of decimal type: a finite number, or text any reader takes for one. */
export function isDecimal(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && NUMBER_LIKE.test(value);
}

/**
 * The number a decimal value holds, NaN when it has none. For comparisons only: whether the
 * text is a proper decimal is the type and format checks' business.
 */
export function toNumber(value: unknown): number {
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number)) return Number.NaN;
  // Number("") and Number("  ") are 0; a blank is not a zero.
  return number === 0 && typeof value === "string" && value.trim() === "" ? Number.NaN : number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  const isLeap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && isLeap ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0));
}

function isClockTime(h: number, mi: number, s: number): boolean {
  return h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && s >= 0 && s <= 59;
}

const SEPARATORS: [number, number][] = [4, 7, 10, 13, 16, 19].map((at, k) => [
  at,
  "--T::Z".charCodeAt(k),
]);

/** Two digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * A real instant written exactly `YYYY-MM-DDTHH:mm:ssZ` (DateTimeFormat-A-003..006: extended
 * ISO 8601, "T" separator, two-digit fields, "Z"). By hand, not a regex: it runs for most rows.
 */
export function isUtcDateTime(value: unknown): boolean {
  if (typeof value !== "string" || value.length !== 20) return false;
  for (const [at, separator] of SEPARATORS) if (value.charCodeAt(at) !== separator) return false;
  const century = twoDigits(value, 0);
  const year = twoDigits(value, 2);
  if (century < 0 || year < 0) return false;
  return (
    isCalendarDate(century * 100 + year, twoDigits(value, 5), twoDigits(value, 8)) &&
    isClockTime(twoDigits(value, 11), twoDigits(value, 14), twoDigits(value, 17))
  );
}

/** A date or date-time value: a valid Date, or ISO 8601 text in any zone. */
export function isDateTime(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (isUtcDateTime(value)) return true;
  const m = typeof value === "string" ? ISO_DATE_TIME.exec(value) : null;
  if (!m) return false;
  return (
    isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
    isClockTime(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0))
  );
}

/**
 * A string that follows StringHandling: valid Unicode, and not blank, since blanks
 * stand in for null, which NullHandling-A-002-M forbids and StringHandling-A-007 discourages.
 */
export function stringProblem(value: string): string | null {
  if (value.trim() === "") return value === "" ? "is an empty string" : "is only whitespace";
  if (LONE_SURROGATE.test(value)) return "is not valid Unicode";
  return null;
}

/** Three upper-case letters, the shape of an ISO 4217 code. */
export function isCurrencyCode(value: unknown): boolean {
  return typeof value === "string" && CURRENCY_CODE.test(value);
}

/** KeyValueFormat: a flat object whose values are strings, numbers, booleans or null. */
export function isKeyValue(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  for (const item of Object.values(value)) {
    if (item !== null && typeof item === "object") return false;
  }
  return true;
}

const MAX_SHOWN = 120;

/** A value as text for people: null stays null, objects become JSON, long text is cut. */
export function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** A value quoted for a sentence: `"abc"`, `12.5` or `null`. */
export function quote(value: unknown): string {
  const text = show(value);
  if (text === null) return "null";
  return typeof value === "string" ? `"${text}"` : text;
}
