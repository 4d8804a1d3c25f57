import { BinaryCopyWriter } from "../../../platform/db/copy-binary.ts";
import { FOCUS_COLUMN_NAMES, FOCUS_COLUMNS, type FocusRow, RowError } from "./focus.ts";

/*
 * Ledger rows in PostgreSQL's binary COPY format. Against the CSV it replaces, the database no
 * longer parses 12 numerics, 4 timestamps and two uuids per row from text: PGlite's COPY into
 * the ledger took 2.3× the time from CSV (bench/RESULTS.md, 2026-11-28).
 */

/** Fields per ledger tuple: workspace, import, source row, the FOCUS columns, extensions. */
const FIELDS = 3 + FOCUS_COLUMN_NAMES.length + 1;

/**
 * Writes one ledger row as a tuple. Compiled once from the column list into one function that
 * reads each column by its name (`row.BilledCost`): a loop reading `row[name]` for 57 names is a
 * megamorphic lookup per column, while a mapper's rows all have one shape. The source is built
 * from FOCUS_COLUMN_NAMES only (identifiers, checked below).
 */
type WriteRow = (
  w: BinaryCopyWriter,
  ids: Uint8Array,
  sourceRow: number,
  row: FocusRow,
  put: Put,
) => void;

interface Put {
  text(w: BinaryCopyWriter, value: string | null | undefined, column: string): void;
  numeric(w: BinaryCopyWriter, value: string | null | undefined, column: string): void;
  time(w: BinaryCopyWriter, value: string | null | undefined, column: string): void;
  json(value: object | null | undefined): string | null;
  jsonb(w: BinaryCopyWriter, json: string | null, column: string): void;
  textOrNull(w: BinaryCopyWriter, json: string | null, column: string): void;
  size(value: string | null | undefined): number;
}

const writeRow: WriteRow = compileRowWriter();

function compileRowWriter(): WriteRow {
  const json: string[] = [];
  const sizes: string[] = [];
  const writes: string[] = [];
  for (const name of FOCUS_COLUMN_NAMES) {
    if (!/^[A-Za-z]+$/.test(name)) throw new Error(`${name} is not a plain column name`);
    const type = FOCUS_COLUMNS[name];
    if (type === "json") {
      json.push(`const ${name} = put.json(row.${name});`);
      sizes.push(`put.size(${name})`);
      writes.push(`put.jsonb(w, ${name}, "${name}");`);
    } else {
      sizes.push(`put.size(row.${name})`);
      if (type === "decimal") writes.push(`put.numeric(w, row.${name}, "${name}");`);
      else if (type === "datetime") writes.push(`put.time(w, row.${name}, "${name}");`);
      else writes.push(`put.text(w, row.${name}, "${name}");`);
    }
  }
  json.push("const extensions = put.json(row.extensions);");
  sizes.push("put.size(extensions)");
  writes.push('put.textOrNull(w, extensions, "extension columns");');
  const body = `${json.join("\n")}
    w.tuple(${FIELDS}, ${FIELDS * 21} + ${sizes.join(" + ")});
    w.raw(ids);
    w.int4(sourceRow);
    ${writes.join("\n")}`;
  return new Function("w", "ids", "sourceRow", "row", "put", body) as WriteRow;
}

// Billing files repeat the same few hundred instants millions of times.
const instants = new Map<string, number>();
// A ledger instant as the formats write it (values.ts timestamp): UTC, to the second.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

// PostgreSQL's text and jsonb cannot hold the character U+0000 (COPY fails on the whole
// chunk, naming neither row nor column); a billing file never means one.
const NUL = "\u0000";
const nulRefusal = (column: string) =>
  new RowError(column, "contains a NUL character (U+0000), which no text column can hold");

const put: Put = {
  text(w, value, column) {
    if (value === null || value === undefined) w.null();
    else if (value.includes(NUL)) throw nulRefusal(column);
    else w.text(value);
  },
  numeric(w, value, column) {
    if (value === null || value === undefined) w.null();
    else if (!w.numeric(value))
      throw new RowError(column, `"${value.slice(0, 40)}" is not a plain decimal number`);
  },
  time(w, value, column) {
    if (value === null || value === undefined) return w.null();
    let ms = instants.get(value);
    if (ms === undefined) {
      ms = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
      // Date.parse rolls 2024-02-31 over into March; a real instant survives the round trip.
      if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19))
        throw new RowError(column, `"${value.slice(0, 40)}" is not an instant`);
      if (instants.size >= 10_000) instants.clear();
      instants.set(value, ms);
    }
    w.timestamptz(ms);
  },
  /** A JSON column's text, or null when the object is absent or has no own keys. */
  json(value) {
    if (!value) return null;
    for (const key in value) if (Object.hasOwn(value, key)) return JSON.stringify(value);
    return null;
  },
  jsonb(w, json, column) {
    if (json === null) w.null();
    else if (json.includes("\\u0000")) throw nulRefusal(column);
    else w.jsonb(json);
  },
  textOrNull(w, json, column) {
    if (json === null) w.null();
    else if (json.includes("\\u0000")) throw nulRefusal(column);
    else w.text(json);
  },
  /** Bytes a value may take beyond the 21 every field is allowed: 3 per UTF-16 unit. */
  size(value) {
    return value ? value.length * 3 : 0;
  },
};

/** The leading uuids of every tuple of an import, in binary, their length words included. */
function idFields(workspaceId: string, importId: string): Uint8Array {
  const w = new BinaryCopyWriter(64);
  w.tuple(2, 40);
  w.uuid(workspaceId);
  w.uuid(importId);
  const [bytes] = w.finish();
  // After the signature, flags and header extension (19 bytes) and the field count (2).
  return Uint8Array.from(bytes!.subarray(21, 61));
}

/**
 * Up to a chunk's ledger rows as one binary COPY stream. `take` hands the stream out as a
 * Uint8Array of its own (safe to transfer to another thread) and starts the next.
 */
export class LedgerChunkWriter {
  rows = 0;
  private readonly ids: Uint8Array;
  private writer = new BinaryCopyWriter(CHUNK_BYTES);

  constructor(workspaceId: string, importId: string) {
    this.ids = idFields(workspaceId, importId);
  }

  /** Writes one row; throws RowError naming the column of a value the ledger cannot hold. */
  add(sourceRow: number, row: FocusRow): void {
    writeRow(this.writer, this.ids, sourceRow, row, put);
    this.rows++;
  }

  take(): Uint8Array<ArrayBuffer> {
    const parts = this.writer.finish();
    let length = 0;
    for (const part of parts) length += part.length;
    const data = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    this.writer = new BinaryCopyWriter(CHUNK_BYTES);
    this.rows = 0;
    return data;
  }
}

// A chunk of 5,000 CUR rows is ~3 MB in binary: one buffer holds it.
const CHUNK_BYTES = 4 << 20;
