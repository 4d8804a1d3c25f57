import { isAscii } from "node:buffer";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from "hyparquet";
import { compressors } from "hyparquet-compressors";
import Papa from "papaparse";
import { AppError } from "../../../platform/errors.ts";
import { absent, CsvRows } from "./csv-rows.ts";
import type { SourceFields, SourceRecord } from "./focus.ts";

export type Container = "csv" | "csv.gz" | "parquet" | "jsonl" | "jsonl.gz";

/**
 * An opened billing file: its column names and its records, streamed (CSV and JSON lines a
 * chunk at a time, Parquet a row group at a time), never the whole file in memory.
 */
export interface Source {
  container: Container;
  columns: string[];
  bytes: number;
  /**
   * Records in file order: CSV rows as their fields in column order, Parquet and JSON lines as
   * objects keyed by column.
   */
  records(): AsyncIterable<SourceRecord | SourceFields>;
  /**
   * The same records a batch at a time (CSV a parser chunk, Parquet a row group): an async
   * step per record costs more than mapping a short one, so the importer takes batches. A bad
   * record ends the batches after the records before it.
   */
  batches(): AsyncIterable<(SourceRecord | SourceFields)[]>;
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
}

export async function openSource(filePath: string, fileName = filePath): Promise<Source> {
  const { size } = await stat(filePath);
  const head = Buffer.alloc(4);
  const handle = await open(filePath, "r");
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (size === 0) throw new AppError("invalid_input", `${fileName}: the file is empty`);
  if (head.toString("latin1") === "PAR1") return openParquet(filePath, size);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const firstChar = await peekText(filePath, gzipped);
  if (firstChar === "{") return openJsonLines(filePath, size, gzipped, fileName);
  return openCsv(filePath, size, gzipped, fileName);
}

function byteStream(
  filePath: string,
  gzipped: boolean,
  counter: { read: number },
  highWaterMark = 1 << 16,
): Readable {
  // Papaparse parses a stream a piece at a time, and every row of a piece stays alive until the
  // importer has taken the batch: 64 KiB pieces (~80 CUR rows) are mostly garbage by the next
  // young-generation collection, where 1 MiB pieces (~1,200 rows) were copied by each one, a
  // fifth of an import's CPU (bench/RESULTS.md, 2026-11-27, "import JavaScript").
  const raw = createReadStream(filePath, { highWaterMark });
  raw.on("data", (chunk) => {
    counter.read += chunk.length;
  });
  if (!gzipped) return raw;
  const gunzip = createGunzip();
  raw.on("error", (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

async function peekText(filePath: string, gzipped: boolean): Promise<string> {
  const stream = byteStream(filePath, gzipped, { read: 0 });
  try {
    for await (const chunk of stream) {
      const text = (chunk as Buffer)
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .trimStart();
      if (text) return text.charAt(0);
    }
    return "";
  } finally {
    stream.destroy();
  }
}

/**
 * CSV rows a stream piece at a time, with backpressure: papaparse is paused while the consumer
 * works on a piece. Papaparse because it is several times faster than the alternatives on wide
 * billing files (bench/RESULTS.md); CsvRows (csvRows) is faster still on the shape most files
 * have, and hands anything else to this.
 */
async function* csvChunks(
  stream: Readable,
  fileName: string,
  /** Filled with the delimiter and line break papaparse settles on. */
  meta?: CsvDialect,
): AsyncGenerator<(string | null)[][]> {
  stream.setEncoding("utf8");
  const queue: ((string | null)[][] | Error | null)[] = [];
  let wake: (() => void) | undefined;
  let parser: Papa.Parser | undefined;
  let rowsSeen = 0;
  const push = (item: (string | null)[][] | Error | null) => {
    queue.push(item);
    wake?.();
  };
  Papa.parse<string[]>(stream as unknown as File, {
    chunkSize: 1 << 20,
    skipEmptyLines: true,
    chunk(results, handle) {
      parser = handle;
      if (meta)
        Object.assign(meta, {
          delimiter: results.meta.delimiter,
          linebreak: results.meta.linebreak,
        });
      const quoteError = results.errors.find((e) => e.type === "Quotes");
      if (quoteError) {
        const row = rowsSeen + (quoteError.row ?? 0);
        handle.abort();
        push(
          new AppError("invalid_input", `${fileName}: row ${row}: ${quoteError.message}`, {
            file: fileName,
            row,
          }),
        );
        return;
      }
      rowsSeen += results.data.length;
      // Papaparse's pause stops its parser, not the file: pause both, or the file is read
      // ahead into memory while the consumer works.
      handle.pause();
      stream.pause();
      const rows = results.data as (string | null)[][];
      for (const fields of rows)
        for (let i = 0; i < fields.length; i++) fields[i] = absent(fields[i] as string);
      push(rows);
    },
    complete: () => push(null),
    error: (error: Error) => push(error),
  });
  try {
    while (true) {
      if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const item = queue.shift();
      if (item === null || item === undefined) return;
      if (item instanceof AppError) throw item;
      if (item instanceof Error)
        throw new AppError("invalid_input", `${fileName}: not readable as CSV (${item.message})`);
      yield item;
      parser?.resume();
      stream.resume();
    }
  } finally {
    parser?.abort();
    stream.destroy();
  }
}

const BATCH_ROWS = 100;

interface CsvDialect {
  delimiter?: string;
  linebreak?: string;
}

/**
 * CSV rows (the header first) through CsvRows when the file is comma-separated with "\n" or
 * "\r\n" line breaks, with backpressure (a piece of the file at a time); at the first text
 * CsvRows does not take, the file is read again by papaparse, which passes over the rows
 * already given. Papaparse's errors and row numbers are then as if it had read it all.
 */
async function* csvRows(
  filePath: string,
  gzipped: boolean,
  fileName: string,
  dialect: CsvDialect,
  counter: { read: number },
): AsyncGenerator<(string | null)[][]> {
  let given = 0;
  const { delimiter, linebreak } = dialect;
  if (delimiter === "," && (linebreak === "\n" || linebreak === "\r\n")) {
    const splitter = new CsvRows(linebreak === "\r\n");
    const stream = byteStream(filePath, gzipped, counter, 1 << 20);
    const decoder = new StringDecoder("utf8");
    // A megabyte read at a time (fewer reads), its rows split BATCH_ROWS at a time as the
    // importer asks, so that they die young.
    const batches = function* (): Generator<(string | null)[][], boolean> {
      for (;;) {
        const split = splitter.take(BATCH_ROWS);
        given += split.rows.length;
        if (split.rows.length > 0) yield split.rows;
        if (split.irregular) return false;
        if (split.rows.length < BATCH_ROWS) return true;
      }
    };
    try {
      let isRegular = true;
      for await (const piece of stream) {
        const bytes = piece as Buffer;
        const text = decoder.write(bytes);
        splitter.feed(text, false, isAscii(bytes) ? bytes : undefined);
        isRegular = yield* batches();
        if (!isRegular) break;
      }
      if (isRegular) {
        splitter.feed(decoder.end(), true);
        if (yield* batches()) return;
      }
    } finally {
      stream.destroy();
    }
    counter.read = 0;
  }
  for await (const rows of csvChunks(byteStream(filePath, gzipped, counter), fileName)) {
    if (given >= rows.length) {
      given -= rows.length;
      continue;
    }
    yield given > 0 ? rows.slice(given) : rows;
    given = 0;
  }
}

async function openCsv(
  filePath: string,
  size: number,
  gzipped: boolean,
  fileName: string,
): Promise<Source> {
  const dialect: CsvDialect = {};
  const columns = await readCsvHeader(filePath, gzipped, fileName, dialect);
  const counter = { read: 0 };
  // Each parser chunk's rows, the header left out, as the parser's array itself where it can be.
  async function* batches(): AsyncGenerator<(string | null)[][]> {
    let header = true;
    let line = 0;
    for await (const rows of csvRows(filePath, gzipped, fileName, dialect, counter)) {
      if (rows.length === 0) continue;
      const from = header ? 1 : 0;
      header = false;
      for (let k = from; k < rows.length; k++) {
        line++;
        const fields = rows[k] as (string | null)[];
        if (fields.length !== columns.length) {
          if (k > from) yield rows.slice(from, k);
          throw new AppError(
            "invalid_input",
            `${fileName}: row ${line} has ${fields.length} fields, the header has ${columns.length}`,
            { file: fileName, row: line },
          );
        }
      }
      if (from === 0) yield rows;
      else if (rows.length > 1) yield rows.slice(1);
    }
  }
  return {
    container: gzipped ? "csv.gz" : "csv",
    columns,
    bytes: size,
    bytesRead: () => counter.read,
    records: () => eachOf(batches),
    batches,
  };
}

/** The records of batches, one by one. */
async function* eachOf<T>(batches: () => AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches()) yield* batch;
}

/** Records in batches of up to `size`; the records before a failing one come first. */
async function* batched<T>(records: AsyncIterable<T>, size = 1000): AsyncGenerator<T[]> {
  let batch: T[] = [];
  try {
    for await (const record of records) {
      batch.push(record);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  } catch (error) {
    if (batch.length > 0) yield batch;
    throw error;
  }
  if (batch.length > 0) yield batch;
}

/** A record keyed by column name, whichever shape the reader gave it in. */
export function recordObject(
  columns: readonly string[],
  record: SourceRecord | SourceFields,
): SourceRecord {
  if (!Array.isArray(record)) return record;
  const object: SourceRecord = {};
  for (let i = 0; i < columns.length; i++) object[columns[i] as string] = record[i];
  return object;
}

async function readCsvHeader(
  filePath: string,
  gzipped: boolean,
  fileName: string,
  dialect: CsvDialect,
): Promise<string[]> {
  const stream = byteStream(filePath, gzipped, { read: 0 });
  for await (const rows of csvChunks(stream, fileName, dialect)) {
    const first = rows[0];
    if (!first) continue;
    const columns = first.map((f) => (f ?? "").replace(/^\uFEFF/, "").trim());
    const seen = new Set<string>();
    for (const column of columns) {
      if (column && seen.has(column))
        throw new AppError(
          "invalid_input",
          `${fileName}: column "${column}" appears twice in the header`,
        );
      seen.add(column);
    }
    return columns;
  }
  throw new AppError("invalid_input", `${fileName}: the file has no header row`);
}

async function openJsonLines(
  filePath: string,
  size: number,
  gzipped: boolean,
  fileName: string,
): Promise<Source> {
  const counter = { read: 0 };
  const lines = async function* () {
    const stream = byteStream(filePath, gzipped, counter);
    const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let line = 0;
    try {
      for await (const text of reader) {
        line++;
        if (!text.trim()) continue;
        let value: unknown;
        try {
          value = JSON.parse(text.replace(/^\uFEFF/, ""));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new AppError("invalid_input", `${fileName}: line ${line} is not JSON (${reason})`);
        }
        if (!value || typeof value !== "object" || Array.isArray(value))
          throw new AppError("invalid_input", `${fileName}: line ${line} is not a JSON object`);
        yield value as SourceRecord;
      }
    } finally {
      reader.close();
      stream.destroy();
    }
  };
  let columns: string[] = [];
  for await (const first of lines()) {
    columns = Object.keys(first);
    break;
  }
  counter.read = 0;
  return {
    container: gzipped ? "jsonl.gz" : "jsonl",
    columns,
    bytes: size,
    bytesRead: () => counter.read,
    records: lines,
    batches: () => batched(lines()),
  };
}

async function openParquet(filePath: string, size: number): Promise<Source> {
  const file = await asyncBufferFromFile(filePath);
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  let done = 0;
  async function* groups(): AsyncGenerator<SourceRecord[]> {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
      done += rows.length;
      yield rows as SourceRecord[];
      rowStart = rowEnd;
    }
  }
  return {
    container: "parquet",
    columns,
    bytes: size,
    bytesRead: () =>
      metadata.num_rows > 0n ? Math.round((done / Number(metadata.num_rows)) * size) : 0,
    records: () => eachOf(groups),
    batches: groups,
  };
}
