import { sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { MetricSample } from "./metric-store.ts";

/** One roll-up row: count, sum, min and max of a series' samples in one bucket. */
export interface RollupRow {
  workspaceId: string;
  seriesId: string;
  bucket: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** The latest sample's time, epoch ms. */
  lastTime: number;
}

/** Rows per upsert statement: bounds one statement's text, not a parameter limit. */
const ROWS_PER_STATEMENT = 20_000;

function fold(out: Map<string, RollupRow>, row: RollupRow) {
  const key = `${row.seriesId}|${row.bucket}`;
  const a = out.get(key);
  if (!a) {
    out.set(key, { ...row });
    return;
  }
  a.count += row.count;
  a.sum += row.sum;
  if (row.min < a.min) a.min = row.min;
  if (row.max > a.max) a.max = row.max;
  if (row.lastTime > a.lastTime) a.lastTime = row.lastTime;
}

/** One order for every writer, so concurrent upserts of the same buckets cannot deadlock. */
function sorted(rows: Map<string, RollupRow>): RollupRow[] {
  return [...rows.values()].sort((a, b) =>
    a.seriesId === b.seriesId ? a.bucket - b.bucket : a.seriesId < b.seriesId ? -1 : 1,
  );
}

/**
 * The minute roll-ups (in writing order) of the samples before `before` (sample i belongs to
 * series `ids[i]`).
 */
export function minuteRollupsOf(
  samples: readonly MetricSample[],
  ids: readonly string[],
  before = Number.POSITIVE_INFINITY,
) {
  // Folded in place: one row object per (series, minute), none per sample.
  const minutes = new Map<string, RollupRow>();
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const ms = s.time.getTime();
    if (ms >= before) continue;
    const bucket = Math.floor(ms / 60_000) * 60_000;
    const key = `${ids[i]}|${bucket}`;
    const a = minutes.get(key);
    const value = s.value;
    if (!a) {
      minutes.set(key, {
        workspaceId: s.workspaceId,
        seriesId: ids[i]!,
        bucket,
        count: 1,
        sum: value,
        min: value,
        max: value,
        lastTime: ms,
      });
      continue;
    }
    a.count++;
    a.sum += value;
    if (value < a.min) a.min = value;
    if (value > a.max) a.max = value;
    if (ms > a.lastTime) a.lastTime = ms;
  }
  return sorted(minutes);
}

/** Hour roll-ups folded from minute ones (an hour divides into minutes exactly). */
export function hourRollupsOf(minutes: readonly RollupRow[]) {
  const hours = new Map<string, RollupRow>();
  for (const m of minutes)
    fold(hours, { ...m, bucket: Math.floor(m.bucket / 3_600_000) * 3_600_000 });
  return sorted(hours);
}

/**
 * Adds `rows` into a roll-up table: one INSERT … ON CONFLICT DO UPDATE per 20,000 rows, the
 * columns passed as arrays. Each (series, bucket) occurs once in `rows`, as one statement needs.
 */
export async function upsertRollup(
  db: Db,
  table: "metric_rollup_1m" | "metric_rollup_1h",
  rows: readonly RollupRow[],
) {
  const times = new Map<number, string>(); // a few buckets, each formatted once
  const timeOf = (ms: number) => {
    let text = times.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      times.set(ms, text);
    }
    return text;
  };
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const column = (pick: (r: RollupRow) => string | number) => arrayLiteral(chunk.map(pick));
    await db.execute(sql`INSERT INTO ${sql.raw(table)} AS r (workspace_id, series_id, bucket, count, sum, min, max, last_time)
      SELECT * FROM unnest(${column((r) => r.workspaceId)}::uuid[], ${column((r) => r.seriesId)}::uuid[],
        ${column((r) => timeOf(r.bucket))}::timestamptz[], ${column((r) => r.count)}::integer[],
        ${column((r) => r.sum)}::float8[], ${column((r) => r.min)}::float8[], ${column((r) => r.max)}::float8[],
        ${column((r) => timeOf(r.lastTime))}::timestamptz[])
      ON CONFLICT (series_id, bucket) DO UPDATE SET count = r.count + excluded.count,
        sum = r.sum + excluded.sum, min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
        last_time = greatest(r.last_time, excluded.last_time)`);
  }
}

/**
 * Appends the samples before `before` (minutes already closed) to their series' minute rows in
 * metric_minute_samples, as closing would have written them (sample i of series `ids[i]`).
 * Rows are written in (series, minute) order, like the roll-ups, so writers cannot deadlock.
 */
export async function appendLateSamples(
  db: Db,
  samples: readonly MetricSample[],
  ids: readonly string[],
  before: number,
) {
  const late: number[] = [];
  for (let i = 0; i < samples.length; i++) if (samples[i]!.time.getTime() < before) late.push(i);
  for (let k = 0; k < late.length; k += ROWS_PER_STATEMENT) {
    const chunk = late.slice(k, k + ROWS_PER_STATEMENT);
    const column = (pick: (i: number) => string | number) => arrayLiteral(chunk.map(pick));
    await db.execute(sql`INSERT INTO metric_minute_samples AS r (workspace_id, series_id, bucket, times, vals)
      SELECT w, s, date_bin('1 minute', t, timestamptz '2000-01-01 00:00:00+00') AS bucket, array_agg(t), array_agg(v)
      FROM unnest(${column((i) => samples[i]!.workspaceId)}::uuid[], ${column((i) => ids[i]!)}::uuid[],
        ${column((i) => samples[i]!.time.toISOString())}::timestamptz[], ${column((i) => samples[i]!.value)}::float8[]) AS x(w, s, t, v)
      GROUP BY 1, 2, 3 ORDER BY 2, 3
      ON CONFLICT (series_id, bucket) DO UPDATE SET times = r.times || excluded.times, vals = r.vals || excluded.vals`);
  }
}
