import { isAscii } from "node:buffer";
import { type Readable, Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import Papa from "papaparse";
import { AppError } from "../../../platform/errors.ts";
import { absent, CsvRows } from "./csv-rows.ts";
import type { Source } from "./readers.ts";
import { byteStream, eachOf, type Packing, packingSuffix } from "./source-streams.ts";

/** CSV billing files: the header, then rows a batch at a time (readers.ts opens them). */

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
  /** The line break, when known; papaparse guesses it from the first piece otherwise. */
  newline?: "\n",
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
    ...(newline ? { newline } : {}),
    chunk(results, handle) {
      parser = handle;
      if (meta)
        Object.assign(meta, {
          delimiter: results.meta.delimiter,
          linebreak: results.meta.linebreak,
        });
      // Reading the header (meta wanted), only the header's own quotes matter: the rows are
      // read again, maybe by another reader, and their errors are reported then.
      const quoteError = results.errors.find(
        (e) => e.type === "Quotes" && !(meta && rowsSeen + (e.row ?? 0) > 0),
      );
      if (quoteError) {
        const row = rowsSeen + (quoteError.row ?? 0);
        // The error first: aborting completes the parse at once, and its end would come first.
        push(
          new AppError("invalid_input", `${fileName}: data row ${row}: ${quoteError.message}`, {
            file: fileName,
            row,
          }),
        );
        handle.abort();
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
  packing: Packing,
  fileName: string,
  dialect: CsvDialect,
  counter: { read: number },
): AsyncGenerator<(string | null)[][]> {
  let given = 0;
  const { delimiter, linebreak } = dialect;
  if (delimiter === "," && (linebreak === "\n" || linebreak === "\r\n")) {
    const splitter = new CsvRows(linebreak === "\r\n");
    const stream = byteStream(filePath, fileName, packing, counter, 1 << 20);
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
  // A file whose line breaks change on the way ("\r\n" in one part, "\n" in the next) is read
  // with every "\r\n" made "\n": papaparse keeps to the line break of the file's beginning.
  const bytes = byteStream(filePath, fileName, packing, counter);
  const lines = linebreak === "\r" ? bytes : withLfLineBreaks(bytes);
  const newline = linebreak === "\r" ? undefined : "\n";
  for await (const rows of csvChunks(lines, fileName, undefined, newline)) {
    if (given >= rows.length) {
      given -= rows.length;
      continue;
    }
    yield given > 0 ? rows.slice(given) : rows;
    given = 0;
  }
}

/** The bytes with each "\r\n" made "\n" (a "\r" at a piece's end waits for the next). */
function withLfLineBreaks(bytes: Readable): Readable {
  let carry = false;
  const lf = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let piece = carry ? Buffer.concat([CR, chunk]) : chunk;
      carry = piece.length > 0 && piece[piece.length - 1] === 13;
      if (carry) piece = piece.subarray(0, -1);
      let at = piece.indexOf(CRLF);
      if (at < 0) return done(null, piece);
      const parts: Buffer[] = [];
      let from = 0;
      while (at >= 0) {
        parts.push(piece.subarray(from, at));
        from = at + 1;
        at = piece.indexOf(CRLF, from);
      }
      parts.push(piece.subarray(from));
      done(null, Buffer.concat(parts));
    },
    flush(done) {
      done(null, carry ? CR : undefined);
    },
  });
  bytes.on("error", (error) => lf.destroy(error));
  lf.on("close", () => bytes.destroy());
  return bytes.pipe(lf);
}

const CR = Buffer.from("\r");
const CRLF = Buffer.from("\r\n");

export async function openCsv(
  filePath: string,
  size: number,
  packing: Packing,
  fileName: string,
): Promise<Source> {
  const dialect: CsvDialect = {};
  const columns = await readCsvHeader(filePath, packing, fileName, dialect);
  const counter = { read: 0 };
  // Each parser chunk's rows, the header left out, as the parser's array itself where it can be.
  async function* batches(): AsyncGenerator<(string | null)[][]> {
    let header = true;
    let line = 0;
    for await (const rows of csvRows(filePath, packing, fileName, dialect, counter)) {
      if (rows.length === 0) continue;
      const from = header ? 1 : 0;
      header = false;
      // The rows kept, once a blank one has been left out (rare: the chunk is passed on as is).
      let kept: (string | null)[][] | undefined;
      for (let k = from; k < rows.length; k++) {
        const fields = rows[k] as (string | null)[];
        if (isBlankRow(fields) || isHeaderAgain(fields, columns)) {
          kept ??= rows.slice(from, k);
          continue;
        }
        line++;
        // A "\r\n" row in a file that began with "\n" ones: the "\r" is no part of the value.
        const last = fields[fields.length - 1];
        if (last?.charCodeAt(last.length - 1) === 13)
          fields[fields.length - 1] = absent(last.slice(0, -1));
        if (fields.length !== columns.length) {
          const before = kept ?? rows.slice(from, k);
          if (before.length > 0) yield before;
          throw new AppError(
            "invalid_input",
            `${fileName}: data row ${line} has ${fields.length} fields, the header has ${columns.length}`,
            { file: fileName, row: line },
          );
        }
        kept?.push(fields);
      }
      if (kept) {
        if (kept.length > 0) yield kept;
      } else if (from === 0) yield rows;
      else if (rows.length > 1) yield rows.slice(1);
    }
  }
  return {
    container: `csv${packingSuffix(packing)}`,
    columns,
    bytes: size,
    bytesRead: () => counter.read,
    records: () => eachOf(batches),
    batches,
  };
}

/**
 * A row with nothing in it: all fields empty or spaces. Spreadsheets save the rows they once
 * formatted as `,,,,`; a file joined from parts, or edited on another system, ends in a line
 * of spaces or a stray "\r". Such a row carries no cost line and is left out, as empty lines
 * are; a row with anything in it is read as it is.
 */
function isBlankRow(fields: readonly (string | null)[]): boolean {
  for (const field of fields)
    if (field !== null && (field.charCodeAt(0) > 32 || field.trim() !== "")) return false;
  return true;
}

/**
 * The header again, mid-file: a month exported in parts (AWS CUR and Azure exports split large
 * months) and joined into one file (`cat part-1.csv.gz part-2.csv.gz`, a valid gzip file) has
 * each part's header before its rows. It is the file's own header, so it is left out; the
 * parts then import together, all or nothing.
 */
function isHeaderAgain(fields: readonly (string | null)[], columns: readonly string[]): boolean {
  const first = fields[0];
  // Every row is asked: the cheap test first.
  if (fields.length !== columns.length || !first?.includes(columns[0] as string)) return false;
  if (headerName(first) !== columns[0]) return false;
  for (let i = 1; i < fields.length; i++) if (headerName(fields[i]) !== columns[i]) return false;
  return true;
}

/**
 * A header field as a column name: without a byte order mark and spaces. A part's mark in the
 * middle of a joined file comes before the opening quote, so the parser keeps that field's
 * quotes: they go too.
 */
function headerName(field: string | null | undefined): string {
  const name = (field ?? "").replace(/^\uFEFF/, "").trim();
  return name.length > 1 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name;
}

async function readCsvHeader(
  filePath: string,
  packing: Packing,
  fileName: string,
  dialect: CsvDialect,
): Promise<string[]> {
  const stream = byteStream(filePath, fileName, packing, { read: 0 });
  for await (const rows of csvChunks(stream, fileName, dialect)) {
    const first = rows[0];
    if (!first) continue;
    const columns = first.map(headerName);
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
