import { PassThrough, type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { AppError } from "../../../platform/errors.ts";

/**
 * ZIP archives of billing files: AWS delivers a Cost and Usage Report zipped when asked to
 * (compression "ZIP"), and a month downloaded in parts is often zipped together. The files in
 * the archive are read one after the other as one stream (a part's repeated header is left out
 * by the CSV reader), straight from the archive: nothing is extracted to disk. yauzl reads the
 * central directory (ZIP64 and entries written with a data descriptor included); folders and
 * macOS's `__MACOSX/` resource forks are passed over.
 */

const STORED = 0;
const DEFLATED = 8;

function refusal(fileName: string, why: string): AppError {
  return new AppError("invalid_input", `${fileName}: not a readable ZIP archive (${why})`, {
    file: fileName,
  });
}

function openZip(filePath: string, fileName: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(filePath, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(refusal(fileName, error.message)) : resolve(zip),
    ),
  );
}

/** The archive's file entries in order; an encrypted one or another compression is refused. */
async function* fileEntries(zip: ZipFile, fileName: string): AsyncGenerator<Entry> {
  for (;;) {
    const entry = await new Promise<Entry | null>((resolve, reject) => {
      const settle = (then: () => void) => {
        zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
        then();
      };
      const onEntry = (e: Entry) => settle(() => resolve(e));
      const onEnd = () => settle(() => resolve(null));
      const onError = (error: Error) => settle(() => reject(refusal(fileName, error.message)));
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (!entry) return;
    const name = entry.fileName;
    if (name.endsWith("/") || name.startsWith("__MACOSX/")) continue;
    if (entry.isEncrypted()) throw refusal(fileName, `${name} is encrypted`);
    if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)
      throw refusal(
        fileName,
        `${name} is compressed with method ${entry.compressionMethod}; only deflate is read`,
      );
    yield entry;
  }
}

/**
 * Refuses, before anything is read, an archive that holds no file, is damaged, or has a file
 * that cannot be read (encrypted, another compression).
 */
export async function checkZipArchive(filePath: string, fileName: string): Promise<void> {
  const zip = await openZip(filePath, fileName);
  try {
    let files = 0;
    for await (const _ of fileEntries(zip, fileName)) files++;
    if (files === 0) throw refusal(fileName, "it holds no file");
  } finally {
    zip.close();
  }
}

/**
 * The archive's files as one stream of their bytes, one after the other, counting the archive's
 * (compressed) bytes read; errors name the file and the entry.
 */
export function zipStream(
  filePath: string,
  fileName: string,
  counter: { read: number },
  highWaterMark: number,
): Readable {
  const out = new PassThrough({ highWaterMark });
  const pump = async () => {
    const zip = await openZip(filePath, fileName);
    let lastByte = 0x0a;
    try {
      for await (const entry of fileEntries(zip, fileName)) {
        if (out.destroyed) return;
        // A part that does not end its last line would run into the next part's first.
        if (lastByte !== 0x0a) out.write("\n");
        const damaged = (error: Error) =>
          new AppError(
            "invalid_input",
            `${fileName}: ${entry.fileName} in the archive is damaged (${error.message})`,
            { file: fileName },
          );
        const raw = await zip.openReadStreamPromise(entry, { decompress: false });
        const counted = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            counter.read += chunk.length;
            done(null, chunk);
          },
        });
        const last = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
            done(null, chunk);
          },
        });
        const stages = entry.compressionMethod === DEFLATED ? [createInflateRaw()] : [];
        await pipeline([raw, counted, ...stages, last, out], { end: false }).catch(
          (error: Error) => {
            throw error instanceof AppError ? error : damaged(error);
          },
        );
      }
      out.end();
    } finally {
      zip.close();
    }
  };
  pump().catch((error: Error) => out.destroy(error));
  return out;
}
