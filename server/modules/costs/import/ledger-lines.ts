import { AppError } from "../../../platform/errors.ts";
import { type ConformanceReport, createConformanceCheck } from "../conformance/conformance.ts";
import { isZero } from "../formats/amounts.ts";
import { detectFormat, SOURCE_FORMAT_LIST } from "../formats/index.ts";
import {
  FOCUS_COLUMN_NAMES,
  type FocusRow,
  RowError,
  type SourceFormat,
  sqlColumnOf,
} from "./focus.ts";
import { LedgerChunkWriter } from "./ledger-binary.ts";
import { type Container, openSource, type Source } from "./readers.ts";

/** The ledger columns every COPY line fills, in order. */
export const LEDGER_COLUMNS = [
  "workspace_id",
  "import_id",
  "source_row",
  ...FOCUS_COLUMN_NAMES.map(sqlColumnOf),
  "extensions",
];

/** What the file is, known before its first row is read. */
export interface LedgerFileHead {
  format: string;
  container: Container;
  bytes: number;
}

/** Up to `CHUNK_ROWS` ledger rows as one binary COPY stream (ledger-binary.ts). */
export interface LedgerChunk {
  data: Uint8Array<ArrayBuffer>;
  /** Ledger rows so far, this chunk's included. */
  rows: number;
  bytesRead: number;
}

/** What the whole file held, once its last row is read. */
export interface LedgerFileTotals {
  rows: number;
  /** Every (billing account, billing period) of the rows. */
  pairs: { account: string | null; period: string | null }[];
  conformance: ConformanceReport;
  /** The file's billing currencies (a few at most are kept). */
  currencies: string[];
  /** Rows without a billing currency that cost nothing (OCI writes some). */
  currencylessFree: number;
}

export interface LedgerLinesOptions {
  filePath: string;
  /** The name people know the file by; every error message starts with it. */
  fileName: string;
  workspaceId: string;
  importId: string;
}

// Rows per COPY statement: big enough that a statement's overhead vanishes, small enough that
// a chunk (~3 MB) is cheap to hold twice while the next one is being built.
export const CHUNK_ROWS = 5000;

/** A billing file whose format is known, read as ledger rows for COPY. */
export interface LedgerFile {
  head: LedgerFileHead;
  /** The rows a chunk at a time; returns the totals after the last. */
  chunks(): AsyncGenerator<LedgerChunk, LedgerFileTotals>;
  /** Stops reading (a worker is ended); the chunks end early. */
  close(): Promise<void>;
}

/**
 * Opens a billing file and detects its format. Its chunks map every record to FOCUS 1.2, check
 * it and write it as a COPY tuple, throwing AppError naming the file, row and column of the first row the
 * format refuses.
 */
export async function openLedgerFile(options: LedgerLinesOptions): Promise<LedgerFile> {
  const { fileName } = options;
  const source = await openSource(options.filePath, fileName);
  const format = detectFormat(source.columns);
  if (!format) {
    const known = SOURCE_FORMAT_LIST.map((f) => f.label).join(", ");
    const shown = source.columns.slice(0, 6).join(", ");
    throw new AppError(
      "invalid_input",
      `${fileName}: not a billing export Glass Pane reads (${known}); its columns begin ${shown}`,
      { file: fileName },
    );
  }
  return {
    head: { format: format.id, container: source.container, bytes: source.bytes },
    chunks: () => ledgerChunks(source, format, options),
    close: async () => {},
  };
}

async function* ledgerChunks(
  source: Source,
  format: SourceFormat,
  options: LedgerLinesOptions,
): AsyncGenerator<LedgerChunk, LedgerFileTotals> {
  const { fileName } = options;
  const mapRow = format.createMapper(source.columns);
  const conformance = createConformanceCheck();
  const pairs = new Map<string, { account: string | null; period: string | null }>();
  const currencies = new Set<string>();
  let currencylessFree = 0;
  let lastAccount: string | null | undefined;
  let lastPeriod: string | null | undefined;
  const chunk = new LedgerChunkWriter(options.workspaceId, options.importId);
  let rows = 0;
  let line = 0;
  for await (const batch of source.batches()) {
    for (const sourceRecord of batch) {
      line++;
      let row: FocusRow | null;
      try {
        row = mapRow(sourceRecord);
        if (row) {
          requireLedgerFields(row);
          // A value the ledger cannot hold is refused here, with its row; the chunk is then
          // abandoned with the rest of the file.
          chunk.add(line, row);
        }
      } catch (error) {
        if (error instanceof RowError) {
          throw new AppError(
            "invalid_input",
            `${fileName}: data row ${line}, column ${error.column}: ${error.reason}`,
            { file: fileName, row: line, column: error.column },
          );
        }
        throw error;
      }
      if (!row) continue;
      rows++;
      conformance.add(row, line);
      const currency = row.BillingCurrency;
      if (currency) {
        if (currencies.size < MAX_CURRENCIES) currencies.add(currency);
      } else if (costsNothing(row)) currencylessFree++;
      const account = row.BillingAccountId ?? null;
      const period = row.BillingPeriodStart ?? null;
      // Rows come in runs of one pair: look it up only when it changes.
      if (account !== lastAccount || period !== lastPeriod) {
        const key = `${account}\u0000${period}`;
        if (!pairs.has(key)) pairs.set(key, { account, period });
        lastAccount = account;
        lastPeriod = period;
      }
      if (chunk.rows >= CHUNK_ROWS)
        yield { data: chunk.take(), rows, bytesRead: source.bytesRead() };
    }
  }
  if (chunk.rows > 0) yield { data: chunk.take(), rows, bytesRead: source.bytes };
  if (rows === 0)
    throw new AppError("invalid_input", `${fileName}: the file has no cost rows`, {
      file: fileName,
    });
  return {
    rows,
    pairs: [...pairs.values()],
    conformance: conformance.result(),
    currencies: [...currencies],
    currencylessFree,
  };
}

/** Currencies a file's totals list at most: enough to tell "one" from "several". */
const MAX_CURRENCIES = 8;

/** Whether the row's billed and effective cost are both zero or absent. */
export function costsNothing(row: FocusRow): boolean {
  return isZero(row.BilledCost ?? "0") && isZero(row.EffectiveCost ?? "0");
}

/**
 * Tags a row may carry, and how long a key and a value may be. Clouds allow far less (AWS 50 a
 * resource, keys of 128 and values of 256 characters; Azure 50, 512 and 256; GCP 64 labels of
 * 63): a row past these is not a bill's, and each tag becomes roll-up rows and filter choices.
 */
export const TAG_LIMITS = { count: 1_000, keyChars: 512, valueChars: 4_096 } as const;

/**
 * What every ledger row needs, whatever the format: when it was charged, what it costs (0 when
 * free) and, when it costs anything, in which currency. A row without these would vanish from
 * every total without a word. (A free row may lack a currency: OCI leaves it blank.) Its tags
 * must stay within TAG_LIMITS.
 */
function requireLedgerFields(row: FocusRow): void {
  if (!row.ChargePeriodStart) throw new RowError("ChargePeriodStart", "is empty");
  if (row.BilledCost === null || row.BilledCost === undefined)
    throw new RowError("BilledCost", "is empty: a row says what it costs, 0 when nothing");
  if (!row.BillingCurrency && !costsNothing(row))
    throw new RowError("BillingCurrency", `is empty on a row that costs ${row.BilledCost}`);
  if (row.Tags) checkTags(row.Tags);
}

function checkTags(tags: Record<string, string>): void {
  const keys = Object.keys(tags);
  if (keys.length > TAG_LIMITS.count)
    throw new RowError("Tags", `has ${keys.length} tags; a row may have ${TAG_LIMITS.count}`);
  for (const key of keys) {
    if (key.length > TAG_LIMITS.keyChars)
      throw new RowError(
        "Tags",
        `a key is ${key.length} characters long ("${key.slice(0, 40)}…"); at most ${TAG_LIMITS.keyChars}`,
      );
    const value = tags[key] ?? "";
    if (value.length > TAG_LIMITS.valueChars)
      throw new RowError(
        "Tags",
        `the value of "${key.slice(0, 100)}" is ${value.length} characters long; at most ${TAG_LIMITS.valueChars}`,
      );
  }
}
