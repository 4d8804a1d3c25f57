import { createReadStream } from "node:fs";
import { PassThrough, type Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AppError } from "../../../platform/errors.ts";
import { zipStream } from "./zip-entries.ts";

/** How a billing file's bytes are packed: as they are, gzip, or a ZIP archive's files. */
export type Packing = { kind: "plain" | "gzip" | "zip" };

/** The container suffix people know the packing by: `.gz`, `.zip`. */
export function packingSuffix(packing: Packing): "" | ".gz" | ".zip" {
  return packing.kind === "gzip" ? ".gz" : packing.kind === "zip" ? ".zip" : "";
}

/**
 * A billing file's bytes (gunzipped when it is gzip, a ZIP archive's files one after the other),
 * counting what is read for progress. A gzip file that is cut short (an interrupted download)
 * or damaged fails with an error that names the file, not zlib's bare "unexpected end of file".
 */
export function byteStream(
  filePath: string,
  fileName: string,
  packing: Packing,
  counter: { read: number },
  highWaterMark = 1 << 16,
): Readable {
  if (packing.kind === "zip") return zipStream(filePath, fileName, counter, highWaterMark);
  // Papaparse parses a stream a piece at a time, and every row of a piece stays alive until the
  // importer has taken the batch: 64 KiB pieces (~80 CUR rows) are mostly garbage by the next
  // young-generation collection, where 1 MiB pieces (~1,200 rows) were copied by each one, a
  // fifth of an import's CPU (bench/RESULTS.md, 2026-11-27, "import JavaScript").
  const raw = createReadStream(filePath, { highWaterMark });
  raw.on("data", (chunk) => {
    counter.read += chunk.length;
  });
  if (packing.kind === "plain") return raw;
  const gunzip = createGunzip();
  const bytes = new PassThrough();
  raw.on("error", (error) => bytes.destroy(error));
  gunzip.on("error", (error) => bytes.destroy(gzipError(fileName, error)));
  bytes.on("close", () => {
    raw.destroy();
    gunzip.destroy();
  });
  return raw.pipe(gunzip).pipe(bytes);
}

function gzipError(fileName: string, error: Error): AppError {
  const cut = /unexpected end of file/i.test(error.message);
  return new AppError(
    "invalid_input",
    cut
      ? `${fileName}: the gzip file ends early (${error.message}); it may be an interrupted download`
      : `${fileName}: the gzip file is damaged (${error.message})`,
    { file: fileName },
  );
}

/** The records of batches, one by one. */
export async function* eachOf<T>(batches: () => AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const batch of batches()) yield* batch;
}

/** Records in batches of up to `size`; the records before a failing one come first. */
export async function* batched<T>(records: AsyncIterable<T>, size = 1000): AsyncGenerator<T[]> {
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
