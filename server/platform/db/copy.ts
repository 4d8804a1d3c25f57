import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import type { Db } from "./database.ts";

/**
 * Bulk-loads CSV text with COPY … FROM, the fastest way into PostgreSQL and PGlite alike.
 * `db` must be a transaction (the rows then commit or roll back with it). `target` is
 * `table (col, col, …)` with trusted identifiers; every chunk is CSV without a header (UTF-8
 * bytes or a string).
 */
export function copyCsv(
  db: Db,
  target: string,
  chunks: (string | Uint8Array<ArrayBuffer>)[],
): Promise<void> {
  return copyIn(db, target, "csv", chunks);
}

/**
 * COPY … FROM in PostgreSQL's binary format (copy-binary.ts writes it): no text to parse on
 * either side. The chunks together are one stream: header, tuples, trailer.
 */
export function copyBinary(db: Db, target: string, chunks: Uint8Array<ArrayBuffer>[]) {
  return copyIn(db, target, "binary", chunks);
}

async function copyIn(
  db: Db,
  target: string,
  format: "csv" | "binary",
  chunks: (string | Uint8Array<ArrayBuffer>)[],
): Promise<void> {
  if (chunks.length === 0) return;
  const client = (db as unknown as { session: { client: unknown } }).session.client;
  if (isPglite(client)) {
    await client.query(`COPY ${target} FROM '/dev/blob' WITH (FORMAT ${format})`, [], {
      blob: bytesForPglite(chunks),
    });
    return;
  }
  if (!isPgClient(client)) throw new Error(`copy ${format} needs a transaction`);
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN WITH (FORMAT ${format})`));
  await pipeline(
    async function* () {
      for (const chunk of chunks) yield chunk;
    },
    stream as unknown as Writable,
  );
}

interface PgliteLike {
  exec: unknown;
  query(sql: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
}
interface PgClientLike {
  release?: unknown;
  query<T>(stream: T): T;
}

function isPglite(client: unknown): client is PgliteLike {
  return (
    typeof client === "object" && client !== null && "exec" in client && !("connection" in client)
  );
}

function isPgClient(client: unknown): client is PgClientLike {
  return typeof client === "object" && client !== null && "connection" in client;
}

/** One CSV field for COPY: null is an unquoted empty field, everything else is quoted when needed. */
export function csvField(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return needsQuotes(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

// What makes a field need quotes anywhere in it. A regex, as irregexp scans a string faster
// than a loop of charCodeAt, most of all the slices of a parser's chunk that fields are.
const SPECIAL = /[",\n\r]/;

/**
 * Whether a field must be quoted: empty (unquoted it is null), holding a quote, comma or line
 * break, or with white space at either end. It runs for every field of every imported row.
 */
function needsQuotes(value: string): boolean {
  const n = value.length;
  if (n === 0) return true;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  // Only an edge character that is a control, a space or not ASCII can be white space.
  const mayHaveEdgeSpace = first <= 32 || first >= 127 || last <= 32 || last >= 127;
  if (mayHaveEdgeSpace && value !== value.trim()) return true;
  return SPECIAL.test(value);
}

/** The rows of a raw `db.execute` result, on either driver. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Rows a raw `db.execute` INSERT/UPDATE/DELETE touched, on either driver. */
export function affectedRowsOf(result: unknown): number {
  const r = result as { affectedRows?: number; rowCount?: number | null };
  return r.affectedRows ?? r.rowCount ?? 0;
}

/**
 * The bytes PGlite's COPY reads from '/dev/blob'. PGlite takes a Blob and only ever calls its
 * `arrayBuffer()` (0.5.16: `_handleBlob`), so the bytes are handed over as they are — a chunk
 * that is a whole ArrayBuffer (the cost importer's) as is, several joined once — instead of
 * copied into a Blob and out of it again: two copies of every COPY's bytes, 2 GB of garbage
 * for a 1M-row CUR, whose collection lagged on a busy machine (peak RSS 0.6 → 1.5 GB,
 * bench/RESULTS.md 2026-11-28). Text chunks (CSV) still go through a Blob, which encodes them.
 */
function bytesForPglite(chunks: (string | Uint8Array<ArrayBuffer>)[]): Blob {
  if (chunks.some((c) => typeof c === "string")) return new Blob(chunks);
  const parts = chunks as Uint8Array<ArrayBuffer>[];
  const first = parts[0]!;
  let bytes: ArrayBuffer;
  if (parts.length === 1 && first.byteOffset === 0 && first.byteLength === first.buffer.byteLength)
    bytes = first.buffer;
  else {
    const joined = new Uint8Array(parts.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.byteLength;
    }
    bytes = joined.buffer;
  }
  return { arrayBuffer: async () => bytes } as Blob;
}
