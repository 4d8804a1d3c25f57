import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { type LabelMatcher, matchersSql } from "./label-matchers.ts";
import { hoursOf, minutesOf, samplesOf } from "./metric-reads.ts";

/** The parts every metric query is built of: which series, and each reduced per step. */

export interface SeriesChoice {
  metric: string;
  /** Only series whose labels equal these. */
  where?: Record<string, string>;
  /** Only series these Prometheus-style matchers select (alert rules use them). */
  matchers?: readonly LabelMatcher[];
  /** Only series of this inventory resource (the resource of the ingest key that sent them). */
  resourceId?: string;
}

export type Source = "raw" | "rollup_1m" | "rollup_1h";

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The source a query reads: the hourly roll-up for steps of whole hours, the minute roll-up
 * for steps of whole minutes (each with its open buckets folded from the level below), raw
 * samples below that. Steps are whole multiples of the source's bucket, so roll-up buckets
 * never straddle two points.
 */
export function sourceOf(step: number): Source {
  if (step >= 3600 && step % 3600 === 0) return "rollup_1h";
  if (step >= 60 && step % 60 === 0) return "rollup_1m";
  return "raw";
}

/**
 * The CTE `sel (id, is_delta)`: the workspace's series of the metric that the choice keeps, and
 * whether each holds increases rather than running totals.
 */
export function selection(workspaceId: string, q: SeriesChoice): SQL {
  const filters = Object.entries(q.where ?? {}).map(([k, v]) => sql` AND s.labels->>${k} = ${v}`);
  if (q.resourceId) filters.push(sql` AND s.resource_id = ${q.resourceId}`);
  return sql`sel AS MATERIALIZED (SELECT id, is_delta FROM metric_series s WHERE s.workspace_id = ${workspaceId} AND s.name = ${q.metric}${sql.join(filters, sql``)}${matchersSql(q.matchers ?? [])})`;
}

/**
 * Rows (series_id, t, avg, min, max, n, sum, last): each chosen series reduced per step, t in
 * epoch seconds, last the time of the step's latest sample.
 */
export function perSeries(
  workspaceId: string,
  source: Source,
  step: number,
  from: number,
  to: number,
): SQL {
  return source === "raw"
    ? sql`SELECT r.series_id, floor(extract(epoch FROM r.time) / ${step})::bigint * ${step} AS t,
             avg(r.value) AS avg, min(r.value) AS min, max(r.value) AS max, count(*) AS n,
             sum(r.value) AS sum, max(r.time) AS last
           FROM (${samplesOf(workspaceId, from, to)}) r GROUP BY 1, 2`
    : sql`SELECT r.series_id, floor(extract(epoch FROM r.bucket) / ${step})::bigint * ${step} AS t,
             sum(r.sum) / sum(r.count) AS avg, min(r.min) AS min, max(r.max) AS max, sum(r.count) AS n,
             sum(r.sum) AS sum, max(r.last_time) AS last
           FROM (${source === "rollup_1h" ? hoursOf(from, to) : minutesOf(from, to)}) r GROUP BY 1, 2`;
}

/** `s.labels->>'<label>' AS g<i>` for each group-by label, and the references to them. */
export function groupColumns(groupBy: string[]) {
  return {
    columns: groupBy.map((label, i) => sql`s.labels->>${label} AS ${sql.raw(`g${i}`)}`),
    refs: groupBy.map((_, i) => sql.raw(`g${i}`)),
  };
}

export interface QueriedSeries {
  labels: Record<string, string | null>;
  points: Array<{ time: Date; value: number }>;
}

/** Rows (g0…, t, v) as one series per group, points in time order; null values left out. */
export function seriesOfRows(
  found: Array<Record<string, unknown> & { t: string | number; v: number | null }>,
  groupBy: string[],
): QueriedSeries[] {
  const series = new Map<string, QueriedSeries>();
  for (const r of found) {
    const labels: Record<string, string | null> = {};
    groupBy.forEach((label, i) => {
      labels[label] = (r[`g${i}`] as string | null) ?? null;
    });
    const key = JSON.stringify(labels);
    let s = series.get(key);
    if (!s) {
      s = { labels, points: [] };
      series.set(key, s);
    }
    if (r.v !== null && Number.isFinite(Number(r.v)))
      s.points.push({ time: new Date(Number(r.t) * 1000), value: Number(r.v) });
  }
  return [...series.values()];
}
