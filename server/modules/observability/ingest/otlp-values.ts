import { invalid } from "../../../platform/errors.ts";
/** OTLP AnyValue, in the OTLP/JSON encoding (also what otlp-proto.ts decodes to). */
export interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
  bytesValue?: string;
}
export interface KeyValue {
  key: string;
  value?: AnyValue;
}

/** An AnyValue as plain JSON: 64-bit integers beyond 2^53 stay strings, not rounded numbers. */
export function plainValue(value: AnyValue | undefined): unknown {
  if (!value) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue) return attributesObject(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}

/** OTLP attributes (a list of key/values) as one object. */
export function attributesObject(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) if (kv?.key) out[kv.key] = plainValue(kv.value);
  return out;
}

/**
 * Nanoseconds since the epoch (a decimal string, a number, or protobufjs' {low, high}) as a
 * Date, or undefined for 0 / missing ("unknown" in OTLP).
 */
export function dateFromNanos(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  let ms: number;
  if (typeof value === "object" && "low" in value && "high" in value) {
    const { low, high } = value as { low: number; high: number };
    ms = ((high >>> 0) * 2 ** 32 + (low >>> 0)) / 1e6;
  } else {
    const text = String(value);
    if (!/^\d+$/.test(text)) return undefined;
    ms = text.length > 6 ? Number(text.slice(0, -6)) : 0;
  }
  return ms > 0 ? new Date(ms) : undefined;
}

/**
 * A repeated field of the request: absent is empty; anything but a list of objects is refused
 * with its path (OTLP/HTTP answers invalid data with 400, which senders do not retry).
 */
export function objects<T>(value: unknown, path: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(path, "must be a list");
  for (const [i, item] of value.entries())
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw invalid(`${path}[${i}]`, "must be an object");
  return value as T[];
}
