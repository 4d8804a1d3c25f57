import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { Aggregation } from "./aggregations.ts";
import { isIncreaseAggregation, queryIncrease } from "./metric-increase.ts";
import {
  groupColumns,
  perSeries,
  type QueriedSeries,
  rows,
  type SeriesChoice,
  type Source,
  selection,
  seriesOfRows,
  sourceOf,
} from "./metric-query-parts.ts";
import { ensureMetricStorage } from "./metric-store.ts";

export interface MetricQuery extends SeriesChoice {
  from: Date;
  to: Date;
  /** Seconds per point. */
  step: number;
  aggregation: Aggregation;
  groupBy: string[];
}

export interface MetricQueryResult {
  step: number;
  source: Source;
  series: QueriedSeries[];
  /** The metric read, when not the one asked: a quantile of a histogram by its sent name. */
  metric?: string;
}

/** At most this many points per series: a query asking for more is told to widen its step. */
const MAX_POINTS = 2000;

/**
 * A metric over time, one series per distinct value of the group-by labels. Each series is
 * first reduced per step (average, min, max, count of samples), then the group's series are
 * combined with the aggregation: `sum` adds the series' per-step averages (gauges add up),
 * `avg` averages them, `count` counts samples. Rates and quantiles: metric-increase.ts.
 */
export async function queryMetric(
  db: Db,
  workspaceId: string,
  q: MetricQuery,
): Promise<MetricQueryResult> {
  if (q.to <= q.from) throw invalid("to", "must be after from");
  const points = (q.to.getTime() - q.from.getTime()) / 1000 / q.step;
  if (points > MAX_POINTS)
    throw invalid("step", `gives ${Math.ceil(points)} points per series; at most ${MAX_POINTS}`);
  await ensureMetricStorage(db);
  const source = sourceOf(q.step);
  const { aggregation } = q;
  if (isIncreaseAggregation(aggregation)) {
    const metric = /^p\d+$/.test(aggregation)
      ? await bucketsOf(db, workspaceId, q.metric)
      : q.metric;
    const series = await queryIncrease(db, workspaceId, { ...q, metric, aggregation }, source);
    return { step: q.step, source, series, ...(metric !== q.metric ? { metric } : {}) };
  }
  const combine = {
    avg: sql`avg(p.avg)`,
    sum: sql`sum(p.avg)`,
    min: sql`min(p.min)`,
    max: sql`max(p.max)`,
    count: sql`sum(p.n)`,
  }[aggregation];
  const { columns, refs } = groupColumns(q.groupBy);
  const per = perSeries(workspaceId, source, q.step, q.from.getTime(), q.to.getTime());
  // The samples are the workspace's through their series (filtered by workspace_id); how each
  // part is read, per series or by one scan, is metric-reads.ts's.
  const found = await rows<Record<string, unknown> & { t: string | number; v: number | null }>(
    db,
    sql`WITH ${selection(workspaceId, q)}, p AS (${per})
        SELECT ${sql.join([...columns, sql`p.t AS t`, sql`${combine}::double precision AS v`], sql`, `)}
        FROM p JOIN metric_series s ON s.id = p.series_id
        GROUP BY ${sql.join([...refs, sql.raw("p.t")], sql`, `)}
        ORDER BY ${sql.join([...refs, sql.raw("p.t")], sql`, `)}`,
  );
  return { step: q.step, source, series: seriesOfRows(found, q.groupBy) };
}

/**
 * The metric a quantile reads. A histogram is stored as `<name>_bucket{le}` (with `_count` and
 * `_sum`), so a quantile asked of the name it was sent under (OTLP's `qa_latency_ms`) reads
 * `qa_latency_ms_bucket`, unless series bear the name asked themselves.
 */
async function bucketsOf(db: Db, workspaceId: string, metric: string): Promise<string> {
  if (metric.endsWith("_bucket")) return metric;
  const buckets = `${metric}_bucket`;
  const found = await rows<{ name: string }>(
    db,
    sql`SELECT DISTINCT name FROM metric_series
        WHERE workspace_id = ${workspaceId} AND name IN (${metric}, ${buckets})`,
  );
  const names = new Set(found.map((r) => r.name));
  return !names.has(metric) && names.has(buckets) ? buckets : metric;
}

/** Metric names of the workspace with their series counts, optionally by prefix or resource. */
export async function metricNames(
  db: Db,
  workspaceId: string,
  prefix?: string,
  resourceId?: string,
) {
  const like = prefix ? sql` AND name LIKE ${`${prefix.replace(/[\\%_]/g, "\\$&")}%`}` : sql``;
  const ofResource = resourceId ? sql` AND resource_id = ${resourceId}` : sql``;
  const found = await rows<{ name: string; n: string | number }>(
    db,
    sql`SELECT name, count(*) AS n FROM metric_series WHERE workspace_id = ${workspaceId}${like}${ofResource} GROUP BY name ORDER BY name LIMIT 1000`,
  );
  return found.map((r) => ({ name: r.name, series: Number(r.n) }));
}

/** Label names (and up to 50 values each) used by a metric's series. */
export async function metricLabels(db: Db, workspaceId: string, metric: string) {
  const found = await rows<{ key: string; value: string }>(
    db,
    sql`SELECT DISTINCT l.key, l.value FROM metric_series s, jsonb_each_text(s.labels) l
        WHERE s.workspace_id = ${workspaceId} AND s.name = ${metric} ORDER BY 1, 2 LIMIT 5000`,
  );
  const labels = new Map<string, string[]>();
  for (const r of found) {
    const values = labels.get(r.key) ?? [];
    if (values.length < 50) values.push(r.value);
    labels.set(r.key, values);
  }
  return [...labels].map(([name, values]) => ({ name, values }));
}
