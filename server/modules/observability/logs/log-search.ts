import { type SQL, sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { keyReadings } from "./attribute-keys.ts";
import type { Level } from "./log-line.ts";
import { ensureLogStorage } from "./log-store.ts";
import { parseQuery, toTsquery } from "./log-words.ts";

export interface LogFilter {
  q?: string;
  from: Date;
  to: Date;
  service?: string;
  level?: Level;
  resourceId?: string;
  /** Attribute values the lines must have, compared as text ("500" matches 500). */
  attributes?: Record<string, string>;
}

interface Row {
  id: string;
  time: Date | string;
  service: string;
  level: Level;
  message: string;
  attributes: Record<string, unknown> | string;
  resource_id: string | null;
}

/** A line's id carries its time, so a lookup is pruned to one day partition. */
export function lineId(time: Date, seq: string): string {
  return `${time.getTime()}-${seq}`;
}

export function parseLineId(field: string, id: string): { time: Date; seq: string } {
  const m = /^(\d{1,15})-(\d{1,19})$/.exec(id);
  if (!m) throw invalid(field, "not a log line id");
  return { time: new Date(Number(m[1])), seq: m[2]! };
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The WHERE clause of a search. Full text reads the query as websearch_to_tsquery does (words
 * must all occur, "quoted phrases" in order, -word excluded, `or` between alternatives) over the
 * words of log-words.ts, and is served by the GIN index on the stored message_tsv column.
 */
export function whereOf(workspaceId: string, f: LogFilter): SQL {
  const parts: SQL[] = [
    sql`workspace_id = ${workspaceId}`,
    sql`time >= ${f.from.toISOString()}::timestamptz`,
    sql`time < ${f.to.toISOString()}::timestamptz`,
  ];
  if (f.service) parts.push(sql`service = ${f.service}`);
  if (f.level) parts.push(sql`level = ${f.level}`);
  if (f.resourceId) parts.push(sql`resource_id = ${f.resourceId}`);
  for (const [key, value] of Object.entries(f.attributes ?? {})) {
    // Every reading of the dotted key (attribute-keys.ts), first found wins. Not indexed: it
    // narrows what the time, service, level and text conditions found.
    const readings = keyReadings(key).map(({ head, path }) =>
      path.length === 0
        ? sql`attributes ->> ${head}`
        : sql`attributes -> ${head} #>> ${arrayLiteral(path)}::text[]`,
    );
    parts.push(sql`coalesce(${sql.join(readings, sql`, `)}) = ${value}`);
  }
  const query = f.q ? toTsquery(parseQuery(f.q)) : undefined;
  if (query) parts.push(sql`message_tsv @@ ${query}::tsquery`);
  return sql.join(parts, sql` AND `);
}

function toItem(r: Row) {
  const time = r.time instanceof Date ? r.time : new Date(r.time);
  return {
    id: lineId(time, String(r.id)),
    time,
    service: r.service,
    level: r.level,
    message: r.message,
    attributes: typeof r.attributes === "string" ? JSON.parse(r.attributes) : r.attributes,
    resourceId: r.resource_id,
  };
}
export type LogItem = ReturnType<typeof toItem>;

const COLUMNS = sql.raw("id::text AS id, time, service, level, message, attributes, resource_id");

/**
 * A search counts its matches exactly up to this many, then stops: counting a third of a
 * million lines costs most of a second, and "more than 10,000" says what a reader needs (the
 * histogram shows how many per period). Elasticsearch's track_total_hits makes the same cut.
 */
export const EXACT_TOTAL_LIMIT = 10_000;

/** Newest lines first, `limit` at a time; the cursor continues after the last line returned. */
export async function searchLogs(
  db: Db,
  workspaceId: string,
  f: LogFilter & { limit: number; cursor?: string },
) {
  if (f.to <= f.from) throw invalid("to", "must be after from");
  await ensureLogStorage(db);
  const where = whereOf(workspaceId, f);
  const after = f.cursor ? parseLineId("cursor", f.cursor) : undefined;
  const page = after
    ? sql`${where} AND (time, id) < (${after.time.toISOString()}::timestamptz, ${after.seq}::bigint)`
    : where;
  const [found, [count]] = await Promise.all([
    rows<Row>(
      db,
      sql`SELECT ${COLUMNS} FROM log_lines WHERE ${page} ORDER BY time DESC, id DESC LIMIT ${f.limit}`,
    ),
    rows<{ n: string | number }>(
      db,
      sql`SELECT count(*) AS n FROM (SELECT 1 FROM log_lines WHERE ${where} LIMIT ${EXACT_TOTAL_LIMIT + 1}) AS capped`,
    ),
  ]);
  const items = found.map(toItem);
  const last = items[items.length - 1];
  const counted = Number(count?.n ?? 0);
  return {
    total: Math.min(counted, EXACT_TOTAL_LIMIT),
    totalIsLowerBound: counted > EXACT_TOTAL_LIMIT,
    items,
    nextCursor: items.length === f.limit && last ? last.id : null,
  };
}

const STEPS = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 604800];

/** The smallest step from a fixed ladder that keeps the histogram within `maxBuckets`. */
export function histogramStep(from: Date, to: Date, maxBuckets: number): number {
  const seconds = (to.getTime() - from.getTime()) / 1000;
  return STEPS.find((s) => seconds / s <= maxBuckets) ?? STEPS[STEPS.length - 1]!;
}

/** Line counts per time bucket and level, for the explorer's histogram. */
export async function logHistogram(
  db: Db,
  workspaceId: string,
  f: LogFilter & { maxBuckets: number },
) {
  if (f.to <= f.from) throw invalid("to", "must be after from");
  await ensureLogStorage(db);
  const step = histogramStep(f.from, f.to, f.maxBuckets);
  const found = await rows<{ bucket: string | number; level: Level; n: string | number }>(
    db,
    sql`SELECT floor(extract(epoch FROM time) / ${step})::bigint * ${step} AS bucket, level, count(*) AS n
        FROM log_lines WHERE ${whereOf(workspaceId, f)} GROUP BY 1, 2 ORDER BY 1`,
  );
  const buckets = new Map<number, { start: Date; count: number; levels: Record<string, number> }>();
  const first = Math.floor(f.from.getTime() / 1000 / step) * step;
  for (let t = first; t < f.to.getTime() / 1000; t += step)
    buckets.set(t, { start: new Date(t * 1000), count: 0, levels: {} });
  for (const r of found) {
    const b = buckets.get(Number(r.bucket));
    if (!b) continue;
    b.count += Number(r.n);
    b.levels[r.level] = (b.levels[r.level] ?? 0) + Number(r.n);
  }
  return { stepSeconds: step, buckets: [...buckets.values()] };
}

/** The lines just before and after one line (same workspace, any service), oldest first. */
export async function logContext(
  db: Db,
  workspaceId: string,
  input: { id: string; before: number; after: number; service?: string },
) {
  await ensureLogStorage(db);
  const at = parseLineId("id", input.id);
  const t = at.time.toISOString();
  const svc = input.service ? sql` AND service = ${input.service}` : sql``;
  // A day either side bounds the scan to at most three partitions.
  const lo = new Date(at.time.getTime() - 86_400_000).toISOString();
  const hi = new Date(at.time.getTime() + 86_400_000).toISOString();
  const [line] = await rows<Row>(
    db,
    sql`SELECT ${COLUMNS} FROM log_lines WHERE workspace_id = ${workspaceId} AND time = ${t}::timestamptz AND id = ${at.seq}::bigint`,
  );
  if (!line) return null;
  const [before, after] = await Promise.all([
    rows<Row>(
      db,
      sql`SELECT ${COLUMNS} FROM log_lines WHERE workspace_id = ${workspaceId}${svc} AND time >= ${lo}::timestamptz
          AND (time, id) < (${t}::timestamptz, ${at.seq}::bigint) ORDER BY time DESC, id DESC LIMIT ${input.before}`,
    ),
    rows<Row>(
      db,
      sql`SELECT ${COLUMNS} FROM log_lines WHERE workspace_id = ${workspaceId}${svc} AND time < ${hi}::timestamptz
          AND (time, id) > (${t}::timestamptz, ${at.seq}::bigint) ORDER BY time, id LIMIT ${input.after}`,
    ),
  ]);
  return {
    line: toItem(line),
    before: before.reverse().map(toItem),
    after: after.map(toItem),
  };
}

/** Services the explorer's filter lists; `total` says how many logged in all. */
export const LOG_SERVICES_LISTED = 200;

/**
 * Services that logged in the period, busiest first (for the explorer's filter), and how many
 * there were: more than are listed is counted, not guessed from the list's length.
 */
export async function logServices(db: Db, workspaceId: string, from: Date, to: Date) {
  await ensureLogStorage(db);
  const found = await rows<{ service: string; n: string | number; total: string | number }>(
    db,
    sql`SELECT service, count(*) AS n, count(*) OVER () AS total
        FROM log_lines WHERE ${whereOf(workspaceId, { from, to })}
        GROUP BY service ORDER BY n DESC, service LIMIT ${LOG_SERVICES_LISTED}`,
  );
  const total = found.length === 0 ? 0 : Number(found[0]!.total);
  return {
    items: found.map((r) => ({ service: r.service, count: Number(r.n) })),
    total,
    truncated: total > found.length,
  };
}
