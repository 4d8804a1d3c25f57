import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";

const EPOCH = "timestamptz '2000-01-01 00:00:00+00'";
const openFrom = (state: string) => `coalesce((SELECT open_from FROM ${state}), 'infinity')`;

/*
 * The roll-ups as readers see them. Each view reads its closed buckets from the roll-up table
 * and its open ones from the level below, in one statement with one snapshot; closing a bucket
 * moves open_from and writes its rows in one transaction, so no bucket is counted twice or
 * missed. Without the state rows (before ensureMetricStorage) every bucket counts as closed.
 * Created at start-up rather than by a migration: they read metric_samples, which is created
 * here too (metric-store.ts).
 */
const VIEWS = [
  `CREATE OR REPLACE VIEW metric_rollup_minutely AS
  SELECT workspace_id, series_id, bucket, count::bigint AS count, sum, min, max
  FROM metric_rollup_1m
  WHERE bucket < ${openFrom("metric_rollup_1m_state")}
  UNION ALL
  SELECT workspace_id, series_id, date_bin('1 minute', time, ${EPOCH}) AS bucket,
    count(*) AS count, sum(value) AS sum, min(value) AS min, max(value) AS max
  FROM metric_samples
  WHERE time >= ${openFrom("metric_rollup_1m_state")}
  GROUP BY workspace_id, series_id, date_bin('1 minute', time, ${EPOCH})`,
  `CREATE OR REPLACE VIEW metric_rollup_hourly AS
  SELECT workspace_id, series_id, bucket, count::bigint AS count, sum, min, max
  FROM metric_rollup_1h
  WHERE bucket < ${openFrom("metric_rollup_1h_state")}
  UNION ALL
  SELECT workspace_id, series_id, date_bin('1 hour', bucket, ${EPOCH}) AS bucket,
    sum(count)::bigint AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
  FROM metric_rollup_minutely
  WHERE bucket >= ${openFrom("metric_rollup_1h_state")}
  GROUP BY workspace_id, series_id, date_bin('1 hour', bucket, ${EPOCH})`,
];

/** Creates or replaces the views; one instance at a time (replacing races on the catalog). */
export async function ensureRollupViews(db: Db) {
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('metric_rollup_views'))`);
    for (const view of VIEWS) await tx.execute(sql.raw(view));
  });
}
