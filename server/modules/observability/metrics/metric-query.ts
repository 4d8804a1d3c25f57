import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { type LabelMatcher, matchersSql } from "./label-matchers.ts";
import { hoursOf, minutesOf, samplesOf } from "./metric-reads.ts";
import { ensureMetricStorage } from "./metric-store.ts";

export const AGGREGATIONS = ["avg", "sum", "min", "max", "count"] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface MetricQuery {
  metric: string;
  from: Date;
  to: Date;
  /** Seconds per point. */
  step: number;
  aggregation: Aggregation;
  groupBy: string[];
  /** Only series whose labels equal these. */
  where?: Record<string, string>;
  /** Only series these Prometheus-style matchers select (alert rules use them). */
  matchers?: readonly LabelMatcher[];
  /** Only series of this inventory resource (the resource of the ingest key that sent them). */
  resourceId?: string;
}

/** At most this many points per series: a query asking for more is told to widen its step. */
const MAX_POINTS = 2000;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The source a query reads: the hourly roll-up for steps of whole hours, the minute roll-up
 * for steps of whole minutes (each with its open buckets folded from the level below), raw
 * samples below that. Steps are whole multiples of the source's bucket, so roll-up buckets
 * never straddle two points.
 */
function sourceOf(step: number) {
  if (step >= 3600 && step % 3600 === 0) return "rollup_1h" as const;
  if (step >= 60 && step % 60 === 0) return "rollup_1m" as const;
  return "raw" as const;
}

/**
 * A metric over time, one series per distinct value of the group-by labels. Each series is
 * first reduced per step (average, min, max, count of samples), then the group's series are
 * combined with the aggregation: `sum` adds the series' per-step averages (gauges add up),
 * `avg` averages them, `count` counts samples.
 */
export async function queryMetric(db: Db, workspaceId: string, q: MetricQuery) {
  if (q.to <= q.from) throw invalid("to", "must be after from");
  const points = (q.to.getTime() - q.from.getTime()) / 1000 / q.step;
  if (points > MAX_POINTS)
    throw invalid("step", `gives ${Math.ceil(points)} points per series; at most ${MAX_POINTS}`);
  await ensureMetricStorage(db);
  const source = sourceOf(q.step);
  const from = q.from.getTime();
  const to = q.to.getTime();
  // Each series reduced per point first: rows (series_id, t, avg, min, max, n).
  const perSeries =
    source === "raw"
      ? sql`SELECT r.series_id, floor(extract(epoch FROM r.time) / ${q.step})::bigint * ${q.step} AS t,
               avg(r.value) AS avg, min(r.value) AS min, max(r.value) AS max, count(*) AS n
             FROM (${samplesOf(workspaceId, from, to)}) r GROUP BY 1, 2`
      : sql`SELECT r.series_id, floor(extract(epoch FROM r.bucket) / ${q.step})::bigint * ${q.step} AS t,
               sum(r.sum) / sum(r.count) AS avg, min(r.min) AS min, max(r.max) AS max, sum(r.count) AS n
             FROM (${source === "rollup_1h" ? hoursOf(from, to) : minutesOf(from, to)}) r GROUP BY 1, 2`;
  const combine = {
    avg: sql`avg(p.avg)`,
    sum: sql`sum(p.avg)`,
    min: sql`min(p.min)`,
    max: sql`max(p.max)`,
    count: sql`sum(p.n)`,
  }[q.aggregation];
  const groupCols = q.groupBy.map((label, i) => sql`s.labels->>${label} AS ${sql.raw(`g${i}`)}`);
  const groupRefs = q.groupBy.map((_, i) => sql.raw(`g${i}`));
  const filters = Object.entries(q.where ?? {}).map(([k, v]) => sql` AND s.labels->>${k} = ${v}`);
  if (q.resourceId) filters.push(sql` AND s.resource_id = ${q.resourceId}`);
  // The samples are the workspace's through their series (filtered by workspace_id); how each
  // part is read, per series or by one scan, is metric-reads.ts's.
  const found = await rows<Record<string, unknown> & { t: string | number; v: number | null }>(
    db,
    sql`WITH sel AS MATERIALIZED (SELECT id FROM metric_series s WHERE s.workspace_id = ${workspaceId} AND s.name = ${q.metric}${sql.join(filters, sql``)}${matchersSql(q.matchers ?? [])}),
        p AS (${perSeries})
        SELECT ${sql.join([...groupCols, sql`p.t AS t`, sql`${combine}::double precision AS v`], sql`, `)}
        FROM p JOIN metric_series s ON s.id = p.series_id
        GROUP BY ${sql.join([...groupRefs, sql.raw("p.t")], sql`, `)}
        ORDER BY ${sql.join([...groupRefs, sql.raw("p.t")], sql`, `)}`,
  );
  const series = new Map<
    string,
    { labels: Record<string, string | null>; points: Array<{ time: Date; value: number }> }
  >();
  for (const r of found) {
    const labels: Record<string, string | null> = {};
    q.groupBy.forEach((label, i) => {
      labels[label] = (r[`g${i}`] as string | null) ?? null;
    });
    const key = JSON.stringify(labels);
    let s = series.get(key);
    if (!s) {
      s = { labels, points: [] };
      series.set(key, s);
    }
    if (r.v !== null) s.points.push({ time: new Date(Number(r.t) * 1000), value: Number(r.v) });
  }
  return { step: q.step, source, series: [...series.values()] };
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
