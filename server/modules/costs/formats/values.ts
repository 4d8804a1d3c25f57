import { RowError, type SourceValue } from "../import/focus.ts";

/**
 * Coercions from what a reader hands over (CSV strings, Parquet/JSON typed values) to ledger
 * values. Each throws RowError naming the column, so the importer can say file, row, column.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isBlank(value: SourceValue): boolean {
  return value === null || value === undefined || value === "";
}

/** A string or null; numbers and booleans become their text. */
export function text(value: SourceValue): string | null {
  if (isBlank(value)) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean")
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/**
 * A decimal string without exponent, exactly as written (floats from Parquet/JSON go through
 * their shortest round-trip text, so 0.1 stays "0.1"). Blank is null.
 */
export function decimal(value: SourceValue, column: string): string | null {
  if (isBlank(value)) return null;
  let raw: string;
  if (typeof value === "string") raw = value.trim();
  else if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RowError(column, `${value} is not a number`);
    raw = String(value);
  } else if (typeof value === "bigint") return value.toString();
  else throw new RowError(column, `expected a number, got ${JSON.stringify(value)}`);
  if (raw === "") return null;
  if (!DECIMAL.test(raw)) throw new RowError(column, `"${truncate(raw)}" is not a number`);
  const e = exponentAt(raw);
  if (e < 0) return raw.charCodeAt(0) === 43 /* + */ ? raw.slice(1) : raw;
  return withoutExponent(raw, e);
}

function exponentAt(raw: string): number {
  const upper = raw.indexOf("E");
  return upper >= 0 ? upper : raw.indexOf("e");
}

/**
 * A decimal in E notation (already matched by DECIMAL) written out, exactly as decimal.js's
 * `toFixed()` writes it: no leading or trailing zeros beyond the point, "0" for zero. By moving
 * the point in the digits, as legacy CURs write every amount below 10⁻³ this way
 * (`4.0E-7`) and a Decimal per amount was a noticeable share of an import.
 */
function withoutExponent(raw: string, e: number): string {
  const sign = raw.charCodeAt(0) === 45 /* - */ ? "-" : "";
  const mantissa = raw.slice(sign || raw.charCodeAt(0) === 43 ? 1 : 0, e);
  const point = mantissa.indexOf(".");
  let digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  let pointAt = (point < 0 ? mantissa.length : point) + Number(raw.slice(e + 1));
  let first = 0;
  while (first < digits.length && digits.charCodeAt(first) === 48) first++;
  if (first === digits.length) return "0";
  let end = digits.length;
  while (digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(first, end);
  pointAt -= first;
  if (pointAt <= 0) return `${sign}0.${"0".repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${"0".repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** Like decimal, but a blank becomes "0" (for cost columns that providers leave empty). */
export function decimalOrZero(value: SourceValue, column: string): string {
  return decimal(value, column) ?? "0";
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i;

/**
 * An instant as `YYYY-MM-DDTHH:MM:SSZ` (UTC). Accepts ISO 8601 with or without seconds, zone
 * or `T`; a value without zone is UTC (billing exports are). `MM/DD/YYYY` is read as US order,
 * as Azure's cost details write it. Parquet/JSON Date objects and epoch milliseconds work too.
 */
export function timestamp(value: SourceValue, column: string): string | null {
  if (isBlank(value)) return null;
  if (typeof value === "string") {
    // Billing files repeat the same few hundred instants millions of times.
    const known = timestampCache.get(value);
    if (known) return known;
    const parsed = parseTimestamp(value, column);
    if (timestampCache.size > 100_000) timestampCache.clear();
    if (parsed) timestampCache.set(detached(value), parsed);
    return parsed;
  }
  return parseTimestamp(value, column);
}

const timestampCache = new Map<string, string>();

/**
 * A copy of a string that does not point into the text it was cut from: a parser's field is a
 * slice of a 1 MB chunk, and a cache key that is a slice keeps the whole chunk alive.
 */
function detached(value: string): string {
  return Buffer.from(value, "utf8").toString("utf8");
}

function parseTimestamp(value: SourceValue, column: string): string | null {
  if (value instanceof Date) return formatInstant(value, column, value);
  if (typeof value === "number" || typeof value === "bigint")
    return formatInstant(new Date(Number(value)), column, value);
  if (typeof value !== "string")
    throw new RowError(column, `expected a date, got ${JSON.stringify(value)}`);
  const raw = value.trim();
  const iso = ISO.exec(raw);
  if (iso) {
    const [, y, mo, d, h = "00", mi = "00", s = "00", , zone] = iso;
    const base = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
    if (!zone || /^(Z|UTC)$/i.test(zone)) return checked(`${base}Z`, column, raw);
    const offset = zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    return formatInstant(new Date(`${base}${offset}`), column, raw);
  }
  const us = US_DATE.exec(raw);
  if (us) {
    const [, mo, d, y, h = "0", mi = "00", s = "00", ampm] = us;
    let hour = Number(h);
    if (ampm) hour = (hour % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
    const base = `${y}-${(mo ?? "").padStart(2, "0")}-${(d ?? "").padStart(2, "0")}T${String(hour).padStart(2, "0")}:${mi}:${s}Z`;
    return checked(base, column, raw);
  }
  throw new RowError(column, `"${truncate(raw)}" is not a date`);
}

function checked(iso: string, column: string, raw: SourceValue): string {
  const date = new Date(iso);
  // Date accepts 2024-02-31 by rolling over; a real date survives the round trip.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== iso.slice(0, 19))
    throw new RowError(column, `"${truncate(String(raw))}" is not a valid date`);
  return iso;
}

function formatInstant(date: Date, column: string, raw: SourceValue): string {
  if (Number.isNaN(date.getTime()))
    throw new RowError(column, `"${truncate(String(raw))}" is not a valid date`);
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Tags as a flat string map from a JSON object (string or parsed), a Parquet map, or an array
 * of `{ key, value }` pairs (GCP labels). Values that are not strings become their JSON text.
 */
export function tagMap(value: SourceValue, column: string): Record<string, string> | null {
  if (isBlank(value)) return null;
  if (typeof value === "string") {
    // Resources carry the same tags on every line: parse each distinct text once. The maps are
    // shared between rows, so nobody may change one.
    const known = tagCache.get(value);
    if (known !== undefined) return known;
    const parsed = parseTags(value, column);
    if (tagCache.size > 50_000) tagCache.clear();
    tagCache.set(detached(value), parsed);
    return parsed;
  }
  return parseTags(value, column);
}

const tagCache = new Map<string, Readonly<Record<string, string>> | null>();

function parseTags(value: SourceValue, column: string): Record<string, string> | null {
  let parsed: unknown = value;
  if (typeof value === "string") {
    const raw = value.trim();
    if (raw === "" || raw === "{}") return null;
    try {
      parsed = JSON.parse(raw.startsWith("{") || raw.startsWith("[") ? raw : `{${raw}}`);
    } catch {
      throw new RowError(column, `"${truncate(raw)}" is not a JSON object of tags`);
    }
  }
  const tags: Record<string, string> = {};
  if (parsed instanceof Map) {
    for (const [k, v] of parsed) if (!isBlank(v)) tags[String(k)] = tagValue(v);
  } else if (Array.isArray(parsed)) {
    for (const pair of parsed) {
      if (pair && typeof pair === "object" && "key" in pair) {
        const { key, value: v } = pair as { key: unknown; value: unknown };
        if (!isBlank(v)) tags[String(key)] = tagValue(v);
      } else throw new RowError(column, "tags must be key/value pairs");
    }
  } else if (parsed && typeof parsed === "object") {
    for (const [k, v] of Object.entries(parsed)) if (!isBlank(v)) tags[k] = tagValue(v);
  } else throw new RowError(column, "tags must be a JSON object");
  return Object.keys(tags).length ? tags : null;
}

function tagValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A JSON object (e.g. SkuPriceDetails) from text or a parsed value. */
export function jsonObject(value: SourceValue, column: string): Record<string, unknown> | null {
  if (isBlank(value)) return null;
  if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value !== "string") throw new RowError(column, "expected a JSON object");
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new RowError(column, `"${truncate(value)}" is not a JSON object`);
}

/**
 * Looks up source columns by a loose key: case, spaces, underscores, slashes and dots do not
 * matter, so `lineItem/UnblendedCost`, `line_item_unblended_cost` and `LineItemUnblendedCost`
 * are one column. Returns the exact source name for each wanted key, resolved once per file.
 */
export function columnIndex(columns: readonly string[]): (name: string) => string | undefined {
  const byKey = new Map<string, string>();
  // A column's own name first: a bracketed alias never shadows a real column.
  for (const column of columns) {
    const key = looseKey(column);
    if (!byKey.has(key)) byKey.set(key, column);
  }
  for (const column of columns) {
    const alias = bracketedName(column);
    if (alias !== undefined && !byKey.has(alias)) byKey.set(alias, column);
  }
  return (name) => byKey.get(looseKey(name));
}

/** Every loose key the columns answer to (for a format's `detect`), aliases included. */
export function columnKeys(columns: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const column of columns) {
    keys.add(looseKey(column));
    const alias = bracketedName(column);
    if (alias !== undefined) keys.add(alias);
  }
  return keys;
}

/**
 * The loose key of the English name a localised header carries in brackets: Azure's exports in
 * another language write `Kategorie der Verbrauchseinheit (MeterCategory)`.
 */
function bracketedName(column: string): string | undefined {
  const name = /\(([A-Za-z][A-Za-z0-9_/.]*)\)\s*$/.exec(column)?.[1];
  return name === undefined ? undefined : looseKey(name);
}

export function looseKey(name: string): string {
  return name.replace(/[\s_/.-]/g, "").toLowerCase();
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
