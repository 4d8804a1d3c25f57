import { type SQL, sql } from "drizzle-orm";
import { HOUR_MS, MINUTE_MS } from "./metric-rollup-state.ts";

/*
 * Reading chosen series' samples and roll-ups. The samples' shared index is time-first,
 * (time, series_id): ingest appends at its right edge whatever the number of series, where a
 * series-first index is written at one leaf per series and, past a few thousand series, no
 * longer fits the database's cache (measured in bench/RESULTS.md). A day's partition gets its
 * own (series_id, time) index once the day is over (sample-partitions.ts).
 *
 * So each read comes in two parts, in one statement and one snapshot:
 * - where a series-first index exists (closed roll-up buckets, indexed day partitions), per
 *   series (LATERAL): each series reads only its own index range;
 * - elsewhere (the open buckets, the days not yet indexed), one scan of the time range kept to
 *   the chosen series: per series there, each would walk every series' samples of the range.
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
export const ceilMinute = (ms: number) => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/**
 * Rows (series_id, time, value): the samples of the series in `sel` with from ≤ time < to.
 * `split` is seriesIndexedBefore's answer (sample-partitions.ts): before it per series, from it one scan.
 */
export function samplesOf(workspaceId: string, from: number, to: number, split: number): SQL {
  const parts: SQL[] = [];
  if (from < Math.min(to, split))
    parts.push(sql`SELECT sel.id AS series_id, c.time, c.value FROM sel CROSS JOIN LATERAL (
        SELECT m.time, m.value FROM metric_samples m
        WHERE m.series_id = sel.id AND m.workspace_id = ${workspaceId}
          AND m.time >= ${at(from)} AND m.time < ${at(Math.min(to, split))}) c`);
  if (Math.max(from, split) < to)
    parts.push(sql`SELECT m.series_id, m.time, m.value FROM metric_samples m
        WHERE m.series_id IN (SELECT id FROM sel) AND m.workspace_id = ${workspaceId}
          AND m.time >= ${at(Math.max(from, split))} AND m.time < ${at(to)}`);
  if (parts.length === 0)
    return sql`SELECT NULL::uuid AS series_id, NULL::timestamptz AS time, NULL::double precision AS value WHERE false`;
  return sql.join(parts, sql` UNION ALL `);
}

/**
 * Rows (series_id, bucket, count, sum, min, max): the minute buckets of the series in `sel`
 * with lo ≤ bucket < hi (SQL timestamptz values on whole minutes). Closed minutes come from
 * the roll-up, open ones are folded from the samples.
 */
function minutesBetween(lo: SQL, hi: SQL): SQL {
  return sql`SELECT sel.id AS series_id, r.bucket, r.count::bigint AS count, r.sum, r.min, r.max
      FROM sel CROSS JOIN LATERAL (
        SELECT r.bucket, r.count, r.sum, r.min, r.max FROM metric_rollup_1m r
        WHERE r.series_id = sel.id AND r.bucket >= ${lo} AND r.bucket < ${hi} AND r.bucket < ${OPEN_MINUTES}) r
    UNION ALL
    SELECT m.series_id, date_bin('1 minute', m.time, ${EPOCH}) AS bucket, count(*) AS count,
           sum(m.value) AS sum, min(m.value) AS min, max(m.value) AS max
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
 * Rows (series_id, bucket, count, sum, min, max): the hour buckets of the series in `sel` that
 * start in [from, to). Closed hours come from the hourly roll-up, open ones are folded from the
 * minutes.
 */
export function hoursOf(from: number, to: number): SQL {
  const lo = at(ceilHour(from));
  const hi = at(ceilHour(to));
  return sql`SELECT sel.id AS series_id, r.bucket, r.count::bigint AS count, r.sum, r.min, r.max
      FROM sel CROSS JOIN LATERAL (
        SELECT r.bucket, r.count, r.sum, r.min, r.max FROM metric_rollup_1h r
        WHERE r.series_id = sel.id AND r.bucket >= ${lo} AND r.bucket < ${hi} AND r.bucket < ${OPEN_HOURS}) r
    UNION ALL
    SELECT o.series_id, date_bin('1 hour', o.bucket, ${EPOCH}) AS bucket, sum(o.count)::bigint AS count,
           sum(o.sum) AS sum, min(o.min) AS min, max(o.max) AS max
      FROM (${minutesBetween(sql`greatest(${lo}, ${OPEN_HOURS})`, hi)}) o
      GROUP BY 1, 2`;
}
