import { sql } from "drizzle-orm";
import type { Db } from "../../../../platform/db/database.ts";
import { type LabelMatcher, matchersSql } from "../../metrics/label-matchers.ts";
import { minutesOf, samplesOf } from "../../metrics/metric-reads.ts";
import { ensureMetricStorage } from "../../metrics/metric-store.ts";

/** One series' samples over a window, reduced. `increase` is null when read from roll-ups. */
export interface SeriesWindow {
  labels: Record<string, string>;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Counter increase, a drop counting as a reset to zero (Prometheus' rule). */
  increase: number | null;
  firstMs: number;
  lastMs: number;
}

interface Row {
  labels: Record<string, string> | string;
  n: string | number;
  total: number;
  lo: number;
  hi: number;
  increase: number | null;
  first_s: string | number;
  last_s: string | number;
}

/** Raw samples up to this window; longer windows read the minute roll-up (no counter rate). */
export const RAW_WINDOW_MINUTES = 60;

/**
 * Every selected series' samples in [from, to), reduced per series. Windows over an hour read
 * the whole minutes of the 1m roll-up instead (those that start in the window: a bucket that
 * starts before it would count samples from outside it).
 */
export async function seriesOverWindow(
  db: Db,
  workspaceId: string,
  selection: { metric: string; matchers: readonly LabelMatcher[] },
  from: Date,
  to: Date,
  needsRaw: boolean,
): Promise<SeriesWindow[]> {
  await ensureMetricStorage(db);
  const series = sql`SELECT id, labels FROM metric_series s WHERE s.workspace_id = ${workspaceId} AND s.name = ${selection.metric}${matchersSql(selection.matchers)}`;
  const isRaw = needsRaw || to.getTime() - from.getTime() <= RAW_WINDOW_MINUTES * 60_000;
  // How each series' samples or minutes are read (per series where a series-first index
  // exists, else one scan of the window) is metric-reads.ts's. A counter's increase needs the
  // samples in order: lag over each series' samples, a drop counting as a reset.
  const query = isRaw
    ? sql`WITH sel AS MATERIALIZED (${series}),
          r AS (SELECT x.series_id, x.time, x.value,
                       x.value - lag(x.value) OVER (PARTITION BY x.series_id ORDER BY x.time) AS d
                FROM (${samplesOf(workspaceId, from.getTime(), to.getTime())}) x)
          SELECT sel.labels, a.* FROM sel JOIN (
            SELECT r.series_id, count(*) AS n, sum(r.value) AS total, min(r.value) AS lo, max(r.value) AS hi,
                   sum(CASE WHEN r.d IS NULL THEN 0 WHEN r.d >= 0 THEN r.d ELSE r.value END) AS increase,
                   extract(epoch FROM min(r.time)) AS first_s, extract(epoch FROM max(r.time)) AS last_s
            FROM r GROUP BY r.series_id) a ON a.series_id = sel.id`
    : sql`WITH sel AS MATERIALIZED (${series})
          SELECT sel.labels, a.* FROM sel JOIN (
            SELECT r.series_id, sum(r.count) AS n, sum(r.sum) AS total, min(r.min) AS lo, max(r.max) AS hi,
                   NULL::double precision AS increase,
                   extract(epoch FROM min(r.bucket)) AS first_s, extract(epoch FROM max(r.bucket)) AS last_s
            FROM (${minutesOf(from.getTime(), to.getTime())}) r GROUP BY r.series_id) a ON a.series_id = sel.id`;
  const found = ((await db.execute(query)) as unknown as { rows: Row[] }).rows;
  return found.map((r) => ({
    labels: typeof r.labels === "string" ? JSON.parse(r.labels) : r.labels,
    count: Number(r.n),
    sum: Number(r.total),
    min: Number(r.lo),
    max: Number(r.hi),
    increase: r.increase === null ? null : Number(r.increase),
    firstMs: Number(r.first_s) * 1000,
    lastMs: Number(r.last_s) * 1000,
  }));
}
