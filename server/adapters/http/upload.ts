import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../platform/errors.ts";
import type { UploadedFile } from "../../platform/operations/define.ts";

export const FILE_NAME_HEADER = "x-file-name";

/**
 * Streams an upload operation's request body to a private file under the data dir, refusing
 * bodies over the operation's limit. The caller removes the file with `discard` afterwards.
 */
export async function receiveUpload(
  request: FastifyRequest,
  dataDir: string,
  maxBytes: number,
): Promise<UploadedFile> {
  const body = request.body;
  if (!body || typeof (body as Readable).pipe !== "function") {
    throw new AppError(
      "invalid_input",
      `Send the file as the request body with Content-Type: application/octet-stream, its name in the ${FILE_NAME_HEADER} header`,
    );
  }
  const header = request.headers[FILE_NAME_HEADER];
  let name = "upload";
  if (typeof header === "string" && header) {
    try {
      name = path.basename(decodeURIComponent(header)) || "upload";
    } catch {
      throw new AppError("invalid_input", `${FILE_NAME_HEADER} must be a URL-encoded file name`);
    }
  }
  const dir = path.join(dataDir, "uploads");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const filePath = path.join(dir, randomUUID());
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(
          new AppError(
            "invalid_input",
            `${name}: the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
          ),
        );
      } else done(null, chunk);
    },
  });
  try {
    await pipeline(body as Readable, limit, createWriteStream(filePath, { mode: 0o600 }));
  } catch (error) {
    await rm(filePath, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError("invalid_input", `${name}: the upload was interrupted`);
  }
  if (bytes === 0) {
    await rm(filePath, { force: true });
    throw new AppError("invalid_input", `${name}: the file is empty`);
  }
  return { path: filePath, name, bytes };
}

export async function discardUpload(file: UploadedFile | undefined): Promise<void> {
  if (file) await rm(file.path, { force: true });
}
