import { sql } from "drizzle-orm";
import type { Db } from "../../../../platform/db/database.ts";
import { type LabelMatcher, matchersSql } from "../../metrics/label-matchers.ts";
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
 * Every selected series' samples in [from, to), reduced per series. Bounded: the series are
 * found by (workspace, name) and the samples by (series, time) within the window's day
 * partitions; windows over an hour read whole minutes of the 1m roll-up instead.
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
  // Per series (LATERAL), so each reads its own (series_id, time|bucket) index range. The roll-up
  // is not filtered by workspace_id again (s already is, and series ids are the workspace's):
  // with that filter the planner picks the (workspace_id, bucket) index and reads every series
  // of the workspace in the window, 130× slower measured on 50 series × 2 h.
  const query = isRaw
    ? sql`WITH s AS (${series})
          SELECT s.labels, a.* FROM s CROSS JOIN LATERAL (
            SELECT count(*) AS n, sum(r.value) AS total, min(r.value) AS lo, max(r.value) AS hi,
                   sum(CASE WHEN r.d IS NULL THEN 0 WHEN r.d >= 0 THEN r.d ELSE r.value END) AS increase,
                   extract(epoch FROM min(r.time)) AS first_s, extract(epoch FROM max(r.time)) AS last_s
            FROM (SELECT m.time, m.value, m.value - lag(m.value) OVER (ORDER BY m.time) AS d
                  FROM metric_samples m
                  WHERE m.series_id = s.id AND m.workspace_id = ${workspaceId}
                    AND m.time >= ${from.toISOString()}::timestamptz AND m.time < ${to.toISOString()}::timestamptz) r
          ) a WHERE a.n > 0`
    : sql`WITH s AS (${series})
          SELECT s.labels, a.* FROM s CROSS JOIN LATERAL (
            SELECT sum(r.count) AS n, sum(r.sum) AS total, min(r.min) AS lo, max(r.max) AS hi,
                   NULL::double precision AS increase,
                   extract(epoch FROM min(r.bucket)) AS first_s, extract(epoch FROM max(r.bucket)) AS last_s
            FROM metric_rollup_minutely r
            WHERE r.series_id = s.id
              AND r.bucket >= ${ceilMinute(from).toISOString()}::timestamptz AND r.bucket < ${to.toISOString()}::timestamptz
          ) a WHERE a.n > 0`;
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

// Roll-up buckets that start before the window would count samples from outside it.
const ceilMinute = (t: Date) => new Date(Math.ceil(t.getTime() / 60_000) * 60_000);
