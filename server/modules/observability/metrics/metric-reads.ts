import { type SQL, sql } from "drizzle-orm";
import { floorMinute, HOUR_MS, MINUTE_MS } from "./metric-rollup-state.ts";

/*
 * Reading chosen series' samples and roll-ups. The samples' index is time-first,
 * (time, series_id): ingest appends at its right edge whatever the number of series, where a
 * series-first index is written at one leaf per series and, past a few thousand series, no
 * longer fits the database's cache (bench/RESULTS.md). Per-series storage is written once a
 * minute instead: closing a minute writes each series' roll-up row and its samples
 * (metric_minute_samples), under series-first keys.
 *
 * So each read comes in two parts, in one statement and one snapshot:
 * - closed minutes (and hours), per series (LATERAL, kept a nested loop by OFFSET 0: joined
 *   flat, the planner may scan the bucket range of every series instead);
 * - open ones (the last minute or two) by one scan of the samples' time range, kept to the
 *   chosen series: per series there, each would walk every series' samples of the range.
 *
 * Each builder reads a CTE named `sel` with a column `id`: the chosen series, all of the
 * workspace (series ids are never shared between workspaces).
 */

const EPOCH = sql.raw("timestamptz '2000-01-01 00:00:00+00'");
const OPEN_MINUTES = sql.raw(
  "coalesce((SELECT open_from FROM metric_rollup_1m_state), 'infinity')",
);
const OPEN_HOURS = sql.raw("coalesce((SELECT open_from FROM metric_rollup_1h_state), 'infinity')");

const at = (ms: number) => sql`${new Date(ms).toISOString()}::timestamptz`;
const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/** Rows (series_id, time, value): the samples of the series in `sel` with from ≤ time < to. */
export function samplesOf(workspaceId: string, from: number, to: number): SQL {
  return sql`SELECT sel.id AS series_id, c.time, c.value FROM sel CROSS JOIN LATERAL (
        SELECT u.time, u.value FROM metric_minute_samples r, unnest(r.times, r.vals) AS u(time, value)
        WHERE r.series_id = sel.id AND r.bucket >= ${at(floorMinute(from))} AND r.bucket < ${at(to)}
          AND r.bucket < ${OPEN_MINUTES} AND u.time >= ${at(from)} AND u.time < ${at(to)} OFFSET 0) c
    UNION ALL
    SELECT m.series_id, m.time, m.value FROM metric_samples m
      WHERE m.series_id IN (SELECT id FROM sel) AND m.workspace_id = ${workspaceId}
        AND m.time >= greatest(${at(from)}, ${OPEN_MINUTES}) AND m.time < ${at(to)}`;
}

/**
 * Rows (series_id, bucket, count, sum, min, max, last_time): the minute buckets of the series
 * in `sel` with lo ≤ bucket < hi (SQL timestamptz values on whole minutes), last_time their
 * latest sample's time (a bucket's end for rows written before it was kept). Closed minutes come
 * from the roll-up, open ones are folded from the samples.
 */
function minutesBetween(lo: SQL, hi: SQL): SQL {
  return sql`SELECT sel.id AS series_id, r.bucket, r.count::bigint AS count, r.sum, r.min, r.max,
        coalesce(r.last_time, r.bucket + interval '1 minute') AS last_time
      FROM sel CROSS JOIN LATERAL (
        SELECT r.bucket, r.count, r.sum, r.min, r.max, r.last_time FROM metric_rollup_1m r
        WHERE r.series_id = sel.id AND r.bucket >= ${lo} AND r.bucket < ${hi} AND r.bucket < ${OPEN_MINUTES} OFFSET 0) r
    UNION ALL
    SELECT m.series_id, date_bin('1 minute', m.time, ${EPOCH}) AS bucket, count(*) AS count,
           sum(m.value) AS sum, min(m.value) AS min, max(m.value) AS max, max(m.time) AS last_time
      FROM metric_samples m
      WHERE m.series_id IN (SELECT id FROM sel)
        AND m.time >= greatest(${lo}, ${OPEN_MINUTES}) AND m.time < ${hi}
      GROUP BY 1, 2`;
}

/** The minute buckets (as minutesBetween's rows) that start in [from, to). */
export function minutesOf(from: number, to: number): SQL {
  return minutesBetween(at(ceilMinute(from)), at(ceilMinute(to)));
}

/**
 * Rows (series_id, bucket, count, sum, min, max, last_time): the hour buckets of the series in `sel` that
 * start in [from, to). Closed hours come from the hourly roll-up, open ones are folded from the
 * minutes.
 */
export function hoursOf(from: number, to: number): SQL {
  const lo = at(ceilHour(from));
  const hi = at(ceilHour(to));
  return sql`SELECT sel.id AS series_id, r.bucket, r.count::bigint AS count, r.sum, r.min, r.max,
        coalesce(r.last_time, r.bucket + interval '1 hour') AS last_time
      FROM sel CROSS JOIN LATERAL (
        SELECT r.bucket, r.count, r.sum, r.min, r.max, r.last_time FROM metric_rollup_1h r
        WHERE r.series_id = sel.id AND r.bucket >= ${lo} AND r.bucket < ${hi} AND r.bucket < ${OPEN_HOURS} OFFSET 0) r
    UNION ALL
    SELECT o.series_id, date_bin('1 hour', o.bucket, ${EPOCH}) AS bucket, sum(o.count)::bigint AS count,
           sum(o.sum) AS sum, min(o.min) AS min, max(o.max) AS max, max(o.last_time) AS last_time
      FROM (${minutesBetween(sql`greatest(${lo}, ${OPEN_HOURS})`, hi)}) o
      GROUP BY 1, 2`;
}
