import { csvField } from "../../../platform/db/copy.ts";
import { FOCUS_COLUMN_NAMES, FOCUS_COLUMNS, type FocusRow } from "./focus.ts";

/**
 * A ledger row as a COPY CSV line (without the leading ids and the line break): every FOCUS
 * column in order, then `extensions`; strings through `csvField`, JSON columns as `jsonField`.
 *
 * Compiled once from the column list into one function that reads each column by its name
 * (`row.BilledCost`) and joins an array literal: a loop reading `row[name]` for 57 names is a
 * megamorphic lookup per column, and a mapper's rows all have one shape, so fixed names are
 * monomorphic. The source is built from FOCUS_COLUMN_NAMES only (identifiers, checked below).
 */
export const serialise: (row: FocusRow) => string = compileSerialiser();

function compileSerialiser(): (row: FocusRow) => string {
  const fields = FOCUS_COLUMN_NAMES.map((name) => {
    if (!/^[A-Za-z]+$/.test(name)) throw new Error(`${name} is not a plain column name`);
    return FOCUS_COLUMNS[name] === "json" ? `json(row.${name})` : `csv(row.${name})`;
  });
  fields.push("json(row.extensions)");
  const build = new Function("csv", "json", `return (row) => [${fields.join(", ")}].join(",");`);
  return build(csvField, jsonField) as (row: FocusRow) => string;
}

// What JSON.stringify writes differently from the string itself: quotes, backslashes, control
// characters, and (well-formed JSON.stringify) surrogates, of which it escapes the lone ones.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A JSON column as a COPY CSV field: `JSON.stringify(value)` quoted for CSV (every `"` doubled),
 * or an empty field (null) when the object is absent or has no own keys. Written directly, key
 * by key: stringifying the object and then doubling its quotes costs twice as much, and tags
 * and extensions are flat maps of plain text. Values other than strings (and objects that
 * define toJSON) go through JSON.stringify, so the text is the same either way.
 */
export function jsonField(value: object | null | undefined): string {
  if (!value) return "";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function")
    return hasOwnKey(value) ? csvField(JSON.stringify(value)) : "";
  let out = "";
  let hasKey = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    hasKey = true;
    const item = (value as Record<string, unknown>)[key];
    const text = typeof item === "string" ? jsonString(item) : jsonOther(item);
    if (text === undefined) continue;
    out = out === "" ? `${jsonKey(key)}:${text}` : `${out},${jsonKey(key)}:${text}`;
  }
  if (!hasKey) return "";
  // `{}` has nothing csvField would quote.
  return out === "" ? "{}" : `"{${out}}"`;
}

function hasOwnKey(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

// Tag and extension keys repeat on every row: each one's JSON text, made once.
const keyTexts = new Map<string, string>();

function jsonKey(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = jsonString(key);
    if (keyTexts.size >= 10_000) keyTexts.clear();
    keyTexts.set(key, text);
  }
  return text;
}

/** A JSON string with its quotes doubled for CSV. */
function jsonString(text: string): string {
  if (!NEEDS_JSON_ESCAPE.test(text)) return `""${text}""`;
  return JSON.stringify(text).replaceAll('"', '""');
}

/** Any other JSON value with its quotes doubled; undefined where JSON.stringify leaves a key out. */
function jsonOther(item: unknown): string | undefined {
  const text = JSON.stringify(item) as string | undefined;
  return text === undefined ? undefined : text.replaceAll('"', '""');
}

/**
 * A chunk's lines encoded as UTF-8 as they are made, into memory outside the JavaScript heap:
 * held as 5,000 strings until the chunk is full, they survived garbage collections and were
 * copied each time, then copied again to be joined and again to be encoded.
 */
export class ChunkBytes {
  lines = 0;
  private bytes = Buffer.allocUnsafeSlow(0);
  private length = 0;
  private capacity = 1 << 22;

  add(line: string): void {
    // A UTF-16 code unit is at most three bytes of UTF-8.
    const most = line.length * 3;
    if (this.length + most > this.bytes.length) this.grow(most);
    this.length += this.bytes.write(line, this.length);
    this.lines++;
  }

  /** The chunk's bytes; the next line starts a new chunk. */
  take(): Uint8Array<ArrayBuffer> {
    const data = new Uint8Array(
      this.bytes.buffer as ArrayBuffer,
      this.bytes.byteOffset,
      this.length,
    );
    this.bytes = Buffer.allocUnsafeSlow(0);
    this.length = 0;
    this.lines = 0;
    return data;
  }

  private grow(room: number): void {
    while (this.length + room > this.capacity) this.capacity *= 2;
    // Not from Buffer's pool: the bytes are handed on (to another thread, too) whole.
    const bytes = Buffer.allocUnsafeSlow(this.capacity);
    this.bytes.copy(bytes, 0, 0, this.length);
    this.bytes = bytes;
  }
}
