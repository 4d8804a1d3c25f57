import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { PassThrough, type Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";
import { AppError } from "../../../platform/errors.ts";

/**
 * ZIP archives of billing files: AWS delivers a Cost and Usage Report zipped when asked to
 * (compression "ZIP"), and a month downloaded in parts is often zipped together. The files in
 * the archive are read one after the other as one stream (a part's repeated header is left out
 * by the CSV reader), straight from the archive: nothing is extracted to disk. Read from the
 * central directory (ZIP64 included), so entries written with a data descriptor (sizes after
 * the data, as streaming zippers write them) are found too.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Where the entry's local header starts; its data follows the header's name and extra field. */
  headerOffset: number;
  dataOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

export async function readZipEntries(filePath: string, fileName: string): Promise<ZipEntry[]> {
  const refuse = (why: string) =>
    new AppError("invalid_input", `${fileName}: not a readable ZIP archive (${why})`, {
      file: fileName,
    });
  const handle = await open(filePath, "r");
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead < length) throw refuse("it ends early");
      return buffer;
    };
    // The end record is the last 22 bytes, unless a comment (up to 64 KiB) follows it.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await read(size - tailLength, tailLength);
    let end = -1;
    for (let at = tail.length - 22; at >= 0; at--)
      if (tail.readUInt32LE(at) === EOCD) {
        end = at;
        break;
      }
    if (end < 0) throw refuse("no end of central directory: the file may be cut short");
    let count = tail.readUInt16LE(end + 10);
    let directorySize = tail.readUInt32LE(end + 12);
    let directoryOffset = tail.readUInt32LE(end + 16);
    const locatorAt = end - 20;
    if (locatorAt >= 0 && tail.readUInt32LE(locatorAt) === ZIP64_LOCATOR) {
      const zip64 = await read(Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
      if (zip64.readUInt32LE(0) !== ZIP64_EOCD) throw refuse("a broken ZIP64 end record");
      count = Number(zip64.readBigUInt64LE(32));
      directorySize = Number(zip64.readBigUInt64LE(40));
      directoryOffset = Number(zip64.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size) throw refuse("it ends early");
    const directory = await read(directoryOffset, directorySize);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (directory.readUInt32LE(at) !== CENTRAL) throw refuse("a broken central directory");
      const flags = directory.readUInt16LE(at + 8);
      const method = directory.readUInt16LE(at + 10);
      let compressedSize = directory.readUInt32LE(at + 20);
      let uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      let headerOffset = directory.readUInt32LE(at + 42);
      const name = directory.toString("utf8", at + 46, at + 46 + nameLength);
      // ZIP64: the sizes and offset that did not fit are in the extra field, in this order.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = directory.readUInt16LE(extra);
        const length = directory.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let field = extra + 4;
          const next = () => {
            const value = Number(directory.readBigUInt64LE(field));
            field += 8;
            return value;
          };
          if (uncompressedSize === 0xffffffff) uncompressedSize = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (headerOffset === 0xffffffff) headerOffset = next();
        }
        extra += 4 + length;
      }
      at = extraEnd + commentLength;
      if (name.endsWith("/") || name.startsWith("__MACOSX/")) continue;
      if (flags & 1) throw refuse(`${name} is encrypted`);
      if (method !== STORED && method !== DEFLATED)
        throw refuse(`${name} is compressed with method ${method}; only deflate is read`);
      const local = await read(headerOffset, 30);
      if (local.readUInt32LE(0) !== LOCAL) throw refuse(`${name} has no local header`);
      const dataOffset = headerOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      entries.push({ name, method, compressedSize, headerOffset, dataOffset });
    }
    if (entries.length === 0) throw refuse("it holds no file");
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * The archive's files as one stream of their bytes, one after the other, counting the archive's
 * bytes read; errors name the file and the entry.
 */
export function zipStream(
  filePath: string,
  fileName: string,
  entries: readonly ZipEntry[],
  counter: { read: number },
  highWaterMark: number,
): Readable {
  const out = new PassThrough({ highWaterMark });
  let current: Readable[] = [];
  let lastByte = 0x0a;
  const next = (index: number) => {
    const entry = entries[index];
    if (!entry || out.destroyed) {
      out.end();
      return;
    }
    // A part that does not end its last line would run into the next part's first.
    if (lastByte !== 0x0a) out.write("\n");
    const raw = createReadStream(filePath, {
      start: entry.dataOffset,
      end: entry.dataOffset + entry.compressedSize - 1,
      highWaterMark,
    });
    raw.on("data", (chunk) => {
      counter.read += chunk.length;
    });
    const bytes = entry.method === DEFLATED ? raw.pipe(createInflateRaw()) : raw;
    current = [raw, bytes];
    const fail = (error: Error) =>
      out.destroy(
        new AppError(
          "invalid_input",
          `${fileName}: ${entry.name} in the archive is damaged (${error.message})`,
          { file: fileName },
        ),
      );
    raw.on("error", fail);
    bytes.on("error", fail);
    bytes.on("data", (chunk: Buffer) => {
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
    });
    bytes.on("end", () => next(index + 1));
    bytes.pipe(out, { end: false });
  };
  out.on("close", () => {
    for (const stream of current) stream.destroy();
  });
  next(0);
  return out;
}
