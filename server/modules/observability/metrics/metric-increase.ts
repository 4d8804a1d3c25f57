import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { MetricQuery } from "./metric-query.ts";
import {
  groupColumns,
  perSeries,
  type QueriedSeries,
  rows,
  type Source,
  selection,
  seriesOfRows,
} from "./metric-query-parts.ts";
import { samplesOf } from "./metric-reads.ts";

/*
 * Counters and histograms, read as Prometheus reads them. A counter only grows (until its
 * process restarts), so its value says little; its increase per second says what happens.
 * Per series and step, the increase is counted as PromQL's rate counts it: each sample's rise
 * over the one before, a drop counting as a restart from zero. It is a rate over the seconds
 * between the latest sample of the step before and the step's latest sample: a scrape missed
 * at a step's end (a restarted Prometheus, a late collector) moves no increase from one point
 * to the next, and a step still filling (the right edge of "until now") is a rate over what has
 * arrived rather than over the whole step. On raw samples that is exact. Roll-ups keep each
 * bucket's count, sum, min, max and latest sample time: there the step's max stands for its
 * last value, differenced with the previous step's, over the same seconds (open buckets, read
 * from the samples, give their latest time too; buckets rolled up before it was kept, the end
 * of the bucket). What stays approximate on roll-ups: a counter restarting within a step is
 * read from the step's max alone (counted from zero if below the step before's, else from that
 * max), so what it rose before the restart, or after a second one, is lost. Unlike PromQL, no
 * increase is extrapolated past the samples.
 * A delta series (OTLP DELTA temporality: each sample is the increase since the one before) is
 * added up instead: its step's sum of samples, raw or from a roll-up's sums, over the same
 * seconds; exact, and a decrease (an UpDownCounter's) is a negative rate, not a restart. A
 * delta exponential histogram lists only the bounds of each export's own values: a bound above
 * them is missing from that export where it should hold its total, so when the range of values
 * moves between the exports of a step, the upper bounds undercount and its quantiles read high.
 * A histogram's `_bucket{le}` series are counters too: a quantile is interpolated within the
 * buckets' summed rates, as PromQL's histogram_quantile does.
 */

const QUANTILES = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
type Quantile = keyof typeof QUANTILES;

export function isIncreaseAggregation(aggregation: string): aggregation is "rate" | Quantile {
  return aggregation === "rate" || aggregation in QUANTILES;
}

/** The per-second increase of each group's counters, or a quantile of its histogram buckets. */
export async function queryIncrease(
  db: Db,
  workspaceId: string,
  q: MetricQuery & { aggregation: "rate" | Quantile },
  source: Source,
): Promise<QueriedSeries[]> {
  const quantile = q.aggregation === "rate" ? undefined : QUANTILES[q.aggregation];
  if (quantile !== undefined && q.groupBy.includes("le"))
    throw invalid(
      "groupBy",
      "a quantile is computed across the buckets' le: group by other labels",
    );
  // One step earlier than asked, so the first point has a step to be an increase from.
  const from = q.from.getTime() - q.step * 1000;
  const to = q.to.getTime();
  const groupBy = quantile === undefined ? q.groupBy : [...q.groupBy, "le"];
  const { columns, refs } = groupColumns(groupBy);
  const found = await rows<Record<string, unknown> & { t: string | number; v: number | null }>(
    db,
    sql`WITH ${selection(workspaceId, q)}, d AS (${increasesOf(workspaceId, source, q.step, from, to)})
        SELECT ${sql.join(
          [...columns, sql`d.t AS t`, sql`sum(d.increase / d.seconds)::double precision AS v`],
          sql`, `,
        )}
        FROM d JOIN metric_series s ON s.id = d.series_id
        WHERE d.seconds > 0 AND d.t >= ${Math.floor(q.from.getTime() / 1000)}
        GROUP BY ${sql.join([...refs, sql.raw("d.t")], sql`, `)}
        ORDER BY ${sql.join([...refs, sql.raw("d.t")], sql`, `)}`,
  );
  const series = seriesOfRows(found, groupBy);
  if (quantile === undefined) return series;
  if (series.length > 0 && series.every((s) => s.labels.le === null))
    throw invalid(
      "aggregation",
      `${q.aggregation} needs a histogram's ${q.metric.endsWith("_bucket") ? "" : "_bucket "}series, with an le label`,
    );
  return quantilesOf(series, q.groupBy, quantile);
}

/**
 * Rows (series_id, t, increase, seconds): each chosen series' counter increase per step (t in
 * epoch seconds) and the seconds it was counted over; seconds is null for a series' first step.
 */
function increasesOf(workspaceId: string, source: Source, step: number, from: number, to: number) {
  const seconds = (last: string) =>
    sql.raw(`extract(epoch FROM ${last} - lag(${last}) OVER w)::double precision AS seconds`);
  if (source !== "raw")
    return sql`SELECT p.series_id, p.t,
          CASE WHEN sel.is_delta THEN p.sum
               WHEN p.max >= lag(p.max) OVER w THEN p.max - lag(p.max) OVER w ELSE p.max END AS increase,
          ${seconds("p.last")}
        FROM (${perSeries(workspaceId, source, step, from, to)}) p JOIN sel ON sel.id = p.series_id
        WINDOW w AS (PARTITION BY p.series_id ORDER BY p.t)`;
  const bucket = sql`floor(extract(epoch FROM r.time) / ${step})::bigint * ${step}`;
  const rises = sql`SELECT r.series_id, ${bucket} AS t, r.time,
        CASE WHEN sel.is_delta THEN r.value
             WHEN lag(r.value) OVER w IS NULL THEN 0
             WHEN r.value >= lag(r.value) OVER w THEN r.value - lag(r.value) OVER w
             ELSE r.value END AS rise
      FROM (${samplesOf(workspaceId, from, to)}) r JOIN sel ON sel.id = r.series_id
      WINDOW w AS (PARTITION BY r.series_id ORDER BY r.time)`;
  return sql`SELECT series_id, t, increase, ${seconds("last")}
      FROM (SELECT series_id, t, sum(rise) AS increase, max(time) AS last
            FROM (${rises}) x GROUP BY 1, 2) p
      WINDOW w AS (PARTITION BY series_id ORDER BY t)`;
}

/** Each group's quantile per step, from its `le` series' rates. */
function quantilesOf(
  series: QueriedSeries[],
  groupBy: string[],
  quantile: number,
): QueriedSeries[] {
  const groups = new Map<
    string,
    { labels: Record<string, string | null>; steps: Map<number, Bucket[]> }
  >();
  for (const s of series) {
    const le = Number(s.labels.le === "+Inf" ? Number.POSITIVE_INFINITY : s.labels.le);
    if (Number.isNaN(le)) continue;
    const labels = Object.fromEntries(groupBy.map((g) => [g, s.labels[g] ?? null]));
    const key = JSON.stringify(labels);
    let group = groups.get(key);
    if (!group) {
      group = { labels, steps: new Map() };
      groups.set(key, group);
    }
    for (const point of s.points) {
      const time = point.time.getTime();
      const buckets = group.steps.get(time) ?? [];
      buckets.push({ le, count: point.value });
      group.steps.set(time, buckets);
    }
  }
  return [...groups.values()].map(({ labels, steps }) => ({
    labels,
    points: [...steps]
      .sort(([a], [b]) => a - b)
      .map(([time, buckets]) => ({
        time: new Date(time),
        value: histogramQuantile(quantile, buckets),
      }))
      .filter((p) => Number.isFinite(p.value)),
  }));
}

export interface Bucket {
  /** Upper bound; +Infinity for the last. */
  le: number;
  /** Cumulative: how many values (or how many a second) were at most `le`. */
  count: number;
}

/**
 * PromQL's histogram_quantile: the bucket where the q-th value falls, interpolated linearly
 * within it (from 0 for a first bucket with a positive bound). NaN without a +Inf bucket or any
 * value; the highest finite bound when the quantile falls in +Inf. Counts are made monotonic
 * first: series read a moment apart can disagree slightly.
 */
export function histogramQuantile(q: number, buckets: Bucket[]): number {
  let running = 0;
  const sorted = [...buckets]
    .sort((a, b) => a.le - b.le)
    .map((b) => {
      running = Math.max(running, b.count);
      return { le: b.le, count: running };
    });
  if (sorted.length < 2 || sorted.at(-1)!.le !== Number.POSITIVE_INFINITY) return Number.NaN;
  const total = sorted.at(-1)!.count;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  const i = sorted.findIndex((b) => b.count >= rank);
  if (i === sorted.length - 1) return sorted[i - 1]!.le;
  const upper = sorted[i]!;
  if (i === 0 && upper.le <= 0) return upper.le;
  const lower = i === 0 ? { le: 0, count: 0 } : sorted[i - 1]!;
  if (upper.count === lower.count) return upper.le;
  return lower.le + ((upper.le - lower.le) * (rank - lower.count)) / (upper.count - lower.count);
}
