import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { observabilitySettings } from "../ingest/ingest.schema.ts";
import { closeHours } from "./metric-hours.ts";
import { openBuckets } from "./metric-rollup-state.ts";
import { ensureMetricStorage } from "./metric-store.ts";
import { metricMinuteSamples, metricRollup1h, metricRollup1m } from "./metrics.schema.ts";
import { DAY_MS, forgetPartitions, samplePartitions } from "./sample-partitions.ts";

export const DEFAULT_METRIC_RETENTION_DAYS = 30;
/** Hourly roll-ups outlive raw data: a year and a month, for year-over-year charts. */
export const HOURLY_ROLLUP_DAYS = 400;
/** Days a closed day's partition of metric_samples is kept after it ends. */
const RAW_PARTITION_DAYS = 1;

/**
 * Raw samples (as per-series minute rows) and minute roll-ups are kept for the workspace's
 * metric retention, hourly roll-ups for HOURLY_ROLLUP_DAYS; shorter retentions than the
 * longest delete their own older rows. The day partitions of metric_samples, which hold the
 * samples as they arrive, are dropped whole once their minutes are closed. Hours due are closed
 * first: an open hour is read from the minute roll-up, which is about to shrink.
 */
export async function enforceMetricRetention(db: Db, now = new Date()) {
  await ensureMetricStorage(db);
  await closeHours(db, now);
  const settings = await db.select().from(observabilitySettings);
  const days = new Map(settings.map((s) => [s.workspaceId, s.metricRetentionDays]));
  const longest = Math.max(DEFAULT_METRIC_RETENTION_DAYS, ...days.values());
  // A day's samples are read from metric_samples only while its minutes are open; once they
  // are closed (into metric_minute_samples and the roll-ups) and a day more has passed, the
  // partition goes whole, whatever the retention.
  const openMinutes = (await openBuckets(db)).minutes;
  const dropped: string[] = [];
  for (const { name, day } of await samplePartitions(db)) {
    const end = day + DAY_MS;
    const closed = end <= openMinutes && end + RAW_PARTITION_DAYS * DAY_MS <= now.getTime();
    if (closed || end <= now.getTime() - longest * DAY_MS) {
      await db.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
      dropped.push(name);
    }
  }
  if (dropped.length > 0) forgetPartitions(db);
  const workspaces = (await db.execute(
    sql`SELECT DISTINCT workspace_id FROM metric_rollup_1m WHERE bucket < ${new Date(now.getTime() - DEFAULT_METRIC_RETENTION_DAYS * DAY_MS).toISOString()}::timestamptz`,
  )) as unknown as { rows: Array<{ workspace_id: string }> };
  for (const { workspace_id } of workspaces.rows)
    if (!days.has(workspace_id)) days.set(workspace_id, DEFAULT_METRIC_RETENTION_DAYS);
  for (const [workspaceId, keep] of days) {
    const cutoff = new Date(now.getTime() - keep * DAY_MS);
    await db.execute(
      sql`DELETE FROM metric_samples WHERE workspace_id = ${workspaceId} AND time < ${cutoff.toISOString()}::timestamptz`,
    );
    for (const table of [metricRollup1m, metricMinuteSamples])
      await db
        .delete(table)
        .where(and(eq(table.workspaceId, workspaceId), lt(table.bucket, cutoff)));
  }
  await db
    .delete(metricRollup1h)
    .where(lt(metricRollup1h.bucket, new Date(now.getTime() - HOURLY_ROLLUP_DAYS * DAY_MS)));
  return { droppedPartitions: dropped };
}
