import { open, stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import {
  asyncBufferFromFile,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { AppError } from "../../../platform/errors.ts";
import { openCsv } from "./csv-source.ts";
import type { SourceFields, SourceRecord } from "./focus.ts";
import { jsonArrayRecords } from "./json-array.ts";
import { batched, byteStream, eachOf, type Packing, packingSuffix } from "./source-streams.ts";
import { checkZipArchive } from "./zip-entries.ts";

export type Container = `${"csv" | "jsonl" | "json"}${"" | ".gz" | ".zip"}` | "parquet";

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
  const packing: Packing =
    head[0] === 0x1f && head[1] === 0x8b
      ? { kind: "gzip" }
      : head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50
        ? { kind: "zip" }
        : { kind: "plain" };
  if (packing.kind === "zip") await checkZipArchive(filePath, fileName);
  const firstChar = await peekText(filePath, fileName, packing);
  if (firstChar === "{") {
    // One object a line; objects over several lines each are read as a stream of objects.
    const lines = await openJsonLines(filePath, size, packing, fileName).catch(() => undefined);
    return lines ?? openJsonArray(filePath, size, packing, fileName);
  }
  if (firstChar === "[") return openJsonArray(filePath, size, packing, fileName);
  return openCsv(filePath, size, packing, fileName);
}

async function peekText(filePath: string, fileName: string, packing: Packing): Promise<string> {
  const stream = byteStream(filePath, fileName, packing, { read: 0 });
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

async function openJsonLines(
  filePath: string,
  size: number,
  packing: Packing,
  fileName: string,
): Promise<Source> {
  const counter = { read: 0 };
  const lines = async function* () {
    const stream = byteStream(filePath, fileName, packing, counter);
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
  return recordSource(`jsonl${packingSuffix(packing)}`, size, counter, lines);
}

async function openJsonArray(
  filePath: string,
  size: number,
  packing: Packing,
  fileName: string,
): Promise<Source> {
  const counter = { read: 0 };
  const records = async function* () {
    const stream = byteStream(filePath, fileName, packing, counter);
    try {
      yield* jsonArrayRecords(stream, fileName);
    } finally {
      stream.destroy();
    }
  };
  return recordSource(`json${packingSuffix(packing)}`, size, counter, records);
}

/** A source of JSON records, its columns those of the first record. */
async function recordSource(
  container: Container,
  size: number,
  counter: { read: number },
  records: () => AsyncGenerator<SourceRecord>,
): Promise<Source> {
  let columns: string[] = [];
  for await (const first of records()) {
    columns = Object.keys(first);
    break;
  }
  counter.read = 0;
  return {
    container,
    columns,
    bytes: size,
    bytesRead: () => counter.read,
    records,
    batches: () => batched(records()),
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
