import { sql } from "drizzle-orm";
import { copyBinary } from "../../../platform/db/copy.ts";
import { BinaryCopyWriter } from "../../../platform/db/copy-binary.ts";
import type { Db } from "../../../platform/db/database.ts";
import { runIdempotentDdl } from "../../../platform/db/ddl.ts";
import { type LogLine, MAX_MESSAGE_CHARS, MAX_SERVICE_CHARS } from "./log-line.ts";
import {
  analyzeGrownPartitions,
  forgetPartition,
  mergeClosedPartitions,
} from "./log-partition-stats.ts";
import { convertGeneratedWords, REINDEX_DDL } from "./log-reindex.ts";
import { indexWords } from "./log-words.ts";

/*
 * Log lines live in one table declaratively partitioned by day (RANGE on time), created here in
 * code rather than by drizzle-kit, which cannot express PARTITION BY. Every statement is
 * idempotent and runs once per process before the first read or write; PostgreSQL 15 and PGlite
 * both accept it. Expiry drops whole day partitions, which costs nothing like a DELETE.
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS log_lines (
    id bigserial NOT NULL,
    workspace_id uuid NOT NULL,
    time timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    service text NOT NULL,
    level text NOT NULL,
    message text NOT NULL,
    attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
    resource_id uuid,
    key_id uuid,
    -- The message's words (log-words.ts), built in Node and stored once at insert. Besides
    -- serving the GIN index, it keeps a text search cheap when the planner filters rows instead
    -- (a new day's partition before ANALYZE) (bench/RESULTS.md, 2026-11-27 14:00).
    message_tsv tsvector
  ) PARTITION BY RANGE (time)`,
  // Until 2026-11-28 PostgreSQL's parser built the column (GENERATED … to_tsvector('simple',
  // message)): convertGeneratedWords makes it a plain column and queues the lines it holds here.
  REINDEX_DDL,
  // Ascending, though pages are read newest first (a backward scan costs the same): lines
  // arrive in time order, so each goes at the end of its workspace's run. For the last run in the
  // index (every line, when one workspace logs) PostgreSQL then fills a leaf before splitting it,
  // where descending put each line at the front of the run and left half-empty pages: 1.8 times
  // the pages with one workspace, 1.09 with five interleaved (bench/RESULTS.md, 2026-11-27 14:00).
  "CREATE INDEX IF NOT EXISTS log_lines_ws_time_id_idx ON log_lines (workspace_id, time, id)",
  "DROP INDEX IF EXISTS log_lines_ws_time_idx",
  "CREATE INDEX IF NOT EXISTS log_lines_ws_service_idx ON log_lines (workspace_id, service, time DESC)",
  // Level filters look for the rare levels (alerts, risk signals, "show me the errors"): only
  // warn, error and fatal lines are indexed, which spares the info/debug bulk ~1.5 µs of backend
  // CPU a line (bench/RESULTS.md, 2026-11-27 08:15). A filter on info, debug or trace reads the
  // time or service index instead; the planner proves `level = 'error'` or `level IN ('error',
  // 'fatal')` implies the predicate (statements are planned with their parameters' values).
  `CREATE INDEX IF NOT EXISTS log_lines_ws_rare_level_idx ON log_lines (workspace_id, level, time DESC)
    WHERE level IN ('warn', 'error', 'fatal')`,
  // Databases from before 2026-11-27 have every line in a level index: it goes once the
  // partial one exists (dropping a partitioned index drops each partition's).
  "DROP INDEX IF EXISTS log_lines_ws_level_idx",
  // The pattern miner reads each workspace's lines in insertion order from its cursor.
  "CREATE INDEX IF NOT EXISTS log_lines_ws_id_idx ON log_lines (workspace_id, id)",
  // 'simple' config: log text is identifiers, codes and paths, not English prose to stem.
  "CREATE INDEX IF NOT EXISTS log_lines_message_fts_idx ON log_lines USING gin (message_tsv)",
];

const DAY_MS = 86_400_000;
const ready = new WeakMap<Db, Promise<void>>();
const knownPartitions = new WeakMap<Db, Set<string>>();

/** Creates the partitioned table and its indexes once per process (idempotent). */
export function ensureLogStorage(db: Db): Promise<void> {
  let promise = ready.get(db);
  if (!promise) {
    promise = (async () => {
      for (const statement of DDL) await runIdempotentDdl(db, statement);
      await convertGeneratedWords(db);
    })();
    promise.catch(() => ready.delete(db));
    ready.set(db, promise);
  }
  return promise;
}

/** `log_lines_p20261126` for the UTC day starting at `dayStart`. */
export function partitionName(dayStart: number): string {
  return `log_lines_p${new Date(dayStart).toISOString().slice(0, 10).replaceAll("-", "")}`;
}

/** Lines per UTC day (the day's start), in the order the days first occur. */
function linesPerDay(lines: readonly LogLine[]): Map<number, number> {
  const days = new Map<number, number>();
  for (const l of lines) {
    const day = Math.floor(l.time.getTime() / DAY_MS) * DAY_MS;
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

/** Makes sure a day partition exists for every day given. */
async function ensurePartitions(db: Db, days: Iterable<number>) {
  let known = knownPartitions.get(db);
  if (!known) {
    known = new Set();
    knownPartitions.set(db, known);
  }
  for (const day of days) {
    const name = partitionName(day);
    if (known.has(name)) continue;
    const from = new Date(day).toISOString();
    const to = new Date(day + DAY_MS).toISOString();
    await runIdempotentDdl(
      db,
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF log_lines FOR VALUES FROM ('${from}') TO ('${to}')`,
    );
    known.add(name);
  }
}

/** Text PostgreSQL accepts: no NUL characters, bounded length. */
function cleanText(value: string, max: number): string {
  const text = value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
  return text.length > max ? text.slice(0, max) : text;
}

// What jsonb refuses in JSON text: an escaped NUL, or a lone surrogate (JSON.stringify escapes
// those, and writes whole pairs as they are).
const BAD_JSON_ESCAPE = /\\u(?:0000|d[89a-f])/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** A string attribute longer than this is cut when a line's attributes are over the limit. */
const MAX_ATTRIBUTE_TEXT = 4096;

/**
 * A line's attributes as jsonb text, at most MAX_MESSAGE_CHARS long: as they are when they fit
 * and jsonb takes them (the usual case, one stringify), else cleaned: NULs dropped, lone
 * surrogates replaced, long strings cut, and, if still too long, the keys that fit with
 * `glasspane.truncated`. A line is never refused for its attributes.
 */
export function attributesJson(attributes: Record<string, unknown>): string {
  for (const _ in attributes) {
    const json = JSON.stringify(attributes);
    if (json.length <= MAX_MESSAGE_CHARS && !BAD_JSON_ESCAPE.test(json)) return json;
    return boundedJson(attributes);
  }
  return "{}";
}

function boundedJson(attributes: Record<string, unknown>): string {
  const clean = cleanValue(attributes) as Record<string, unknown>;
  const json = JSON.stringify(clean);
  if (json.length <= MAX_MESSAGE_CHARS) return json;
  const kept: Record<string, unknown> = { "glasspane.truncated": true };
  let size = JSON.stringify(kept).length;
  for (const [key, value] of Object.entries(clean)) {
    const part = JSON.stringify(key).length + (JSON.stringify(value)?.length ?? 0) + 2;
    if (size + part > MAX_MESSAGE_CHARS) continue;
    kept[key] = value;
    size += part;
  }
  return JSON.stringify(kept);
}

function cleanValue(value: unknown): unknown {
  if (typeof value === "string") {
    const text =
      value.length > MAX_ATTRIBUTE_TEXT ? `${value.slice(0, MAX_ATTRIBUTE_TEXT)}…` : value;
    return text.replaceAll("\u0000", "").replace(LONE_SURROGATE, "\ufffd");
  }
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value !== null && typeof value === "object" && !("toJSON" in value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      out[cleanValue(key) as string] = cleanValue(item);
    return out;
  }
  return value;
}

/**
 * The lines as binary COPY tuples (copy-binary.ts): no CSV to quote in Node, and no uuid,
 * timestamp or CSV text for the backend to parse; the free text is bounded and freed of NUL first.
 * This runs for every ingested line (bench/RESULTS.md, 2026-11-27 16:30).
 */
function copyTuples(lines: readonly LogLine[]): Buffer<ArrayBuffer>[] {
  const w = new BinaryCopyWriter();
  for (const line of lines) {
    const service = cleanText(line.service, MAX_SERVICE_CHARS);
    const message = cleanText(line.message, MAX_MESSAGE_CHARS);
    // A cut message says so, with its length, so nobody takes it for the whole line.
    const attributes = attributesJson(
      line.message.length > MAX_MESSAGE_CHARS && message.length === MAX_MESSAGE_CHARS
        ? { ...line.attributes, "glasspane.message_chars": line.message.length }
        : line.attributes,
    );
    const words = indexWords(message);
    // Nine 4-byte lengths, three uuids, a time, jsonb's version byte, at most 3 UTF-8 bytes a
    // UTF-16 unit of text, and the tsvector's known length.
    w.tuple(
      9,
      93 +
        3 * (service.length + line.level.length + message.length + attributes.length) +
        words.bytes,
    );
    w.uuid(line.workspaceId);
    w.timestamptz(line.time.getTime());
    w.text(service);
    w.text(line.level);
    w.text(message);
    w.jsonb(attributes);
    if (line.resourceId) w.uuid(line.resourceId);
    else w.null();
    if (line.keyId) w.uuid(line.keyId);
    else w.null();
    w.tsvector(words);
  }
  return w.finish();
}

const COPY_TARGET =
  "log_lines (workspace_id, time, service, level, message, attributes, resource_id, key_id, message_tsv)";

/** Stores a batch of lines in one transaction (COPY): all of them are committed, or none. */
export async function insertLogLines(db: Db, lines: readonly LogLine[]): Promise<void> {
  if (lines.length === 0) return;
  await ensureLogStorage(db);
  const days = linesPerDay(lines);
  await ensurePartitions(db, days.keys());
  const tuples = copyTuples(lines);
  await db.transaction(async (tx) => copyBinary(tx as unknown as Db, COPY_TARGET, tuples));
  const written = new Map([...days].map(([day, n]) => [partitionName(day), n] as const));
  await analyzeGrownPartitions(db, written);
  await mergeClosedPartitions(
    db,
    [...written.keys()],
    partitionName(Math.floor(Date.now() / DAY_MS) * DAY_MS),
  );
}

/** The day partitions that exist, oldest first, with the UTC day each holds. */
export async function listLogPartitions(db: Db): Promise<Array<{ name: string; day: number }>> {
  await ensureLogStorage(db);
  const result = (await db.execute(
    sql`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'log_lines' ORDER BY c.relname`,
  )) as unknown as { rows: Array<{ name: string }> };
  return result.rows
    .map((r) => {
      const m = /^log_lines_p(\d{4})(\d{2})(\d{2})$/.exec(r.name);
      return m ? { name: r.name, day: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) } : undefined;
    })
    .filter((p): p is { name: string; day: number } => p !== undefined);
}

/** Drops a day partition whose every line is past every workspace's retention. */
export async function dropLogPartition(db: Db, name: string): Promise<void> {
  if (!/^log_lines_p\d{8}$/.test(name)) throw new Error(`not a log partition: ${name}`);
  await db.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
  knownPartitions.get(db)?.delete(name);
  forgetPartition(db, name);
}
