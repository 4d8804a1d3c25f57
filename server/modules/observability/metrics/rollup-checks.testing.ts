import { type SQL, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { TestRuntime } from "../../../../test/support/runtime.ts";
import { hoursOf, minutesOf } from "./metric-reads.ts";
import { rowsIn } from "./metric-store.testing.ts";

/** Test support: a roll-up table, view or reader checked bucket by bucket against the raw samples. */

interface Rollup {
  series_id: string;
  bucket: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  last_time: string | null;
}

/** The sources that keep each bucket's latest sample time. */
const KEEPS_LAST_TIME: readonly RollupSource[] = [
  "metric_rollup_1m",
  "metric_rollup_1h",
  "minutesOf",
  "hoursOf",
];

export type RollupSource =
  | "metric_rollup_1m"
  | "metric_rollup_minutely"
  | "metric_rollup_1h"
  | "metric_rollup_hourly"
  | "metric_minute_samples"
  | "minutesOf"
  | "hoursOf";

/** The rows a source holds for a workspace, bucket by bucket, before `before`. */
function storedQuery(table: RollupSource, workspaceId: string, before: string): SQL {
  // The readers' per-series builders (metric-reads.ts), over every series of the workspace.
  const all = [Date.UTC(2000, 0, 1), Date.UTC(2100, 0, 1)] as const;
  if (table === "minutesOf" || table === "hoursOf")
    return sql`WITH sel AS MATERIALIZED (SELECT id FROM metric_series WHERE workspace_id = ${workspaceId})
        SELECT series_id, bucket::text, count::int AS count, sum, min, max, last_time::text
        FROM (${table === "minutesOf" ? minutesOf(...all) : hoursOf(...all)}) r
        WHERE bucket < ${before}::timestamptz ORDER BY series_id, bucket`;
  // The per-series minute rows, folded per the minute each sample's own time falls in.
  if (table === "metric_minute_samples")
    return sql`SELECT r.series_id, date_trunc('minute', u.t)::text AS bucket, count(*)::int AS count,
          sum(u.v) AS sum, min(u.v) AS min, max(u.v) AS max
        FROM metric_minute_samples r, unnest(r.times, r.vals) AS u(t, v)
        WHERE r.workspace_id = ${workspaceId} AND r.bucket < ${before}::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`;
  const last = sql.raw(KEEPS_LAST_TIME.includes(table) ? "last_time::text" : "null AS last_time");
  return sql`SELECT series_id, bucket::text, count::int AS count, sum, min, max, ${last} FROM ${sql.raw(table)}
      WHERE workspace_id = ${workspaceId} AND bucket < ${before}::timestamptz ORDER BY series_id, bucket`;
}

/**
 * A roll-up's rows for a workspace, and the same computed from the raw samples (those before
 * `before` only, when given).
 */
async function rollupAndRaw(
  rt: TestRuntime,
  table: RollupSource,
  workspaceId: string,
  before = "infinity",
) {
  const rows = <T>(query: SQL) => rowsIn<T>(rt, query);
  const unit = /1m|minutely|minute/i.test(table) ? "minute" : "hour";
  const stored = await rows<Rollup>(storedQuery(table, workspaceId, before));
  const raw = await rows<Rollup>(
    sql`SELECT series_id, date_trunc(${unit}, time)::text AS bucket, count(*)::int AS count,
          sum(value) AS sum, min(value) AS min, max(value) AS max, max(time)::text AS last_time
        FROM metric_samples WHERE workspace_id = ${workspaceId} AND time < ${before}::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return { stored, raw };
}

/**
 * Expects a roll-up to hold exactly what the raw samples give, `total` samples in all. A view
 * is checked with the per-series reader of the same buckets (minutesOf, hoursOf) as well.
 */
export async function expectMatchesRaw(
  rt: TestRuntime,
  table: RollupSource,
  workspaceId: string,
  total: number,
  before?: string,
) {
  if (table === "metric_rollup_minutely")
    await expectMatchesRaw(rt, "minutesOf", workspaceId, total, before);
  if (table === "metric_rollup_hourly")
    await expectMatchesRaw(rt, "hoursOf", workspaceId, total, before);
  const { stored, raw } = await rollupAndRaw(rt, table, workspaceId, before);
  expect(stored.length).toBe(raw.length);
  expect(stored.reduce((n, r) => n + r.count, 0)).toBe(total);
  stored.forEach((r, i) => {
    const want = raw[i]!;
    expect([r.series_id, r.bucket, r.count, r.min, r.max]).toEqual([
      want.series_id,
      want.bucket,
      want.count,
      want.min,
      want.max,
    ]);
    expect(r.sum).toBeCloseTo(want.sum, 9);
    if (KEEPS_LAST_TIME.includes(table)) expect(r.last_time).toBe(want.last_time);
  });
}
