import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { observabilitySettings } from "../ingest/ingest.schema.ts";
import { closeHours } from "./metric-hours.ts";
import { ensureMetricStorage } from "./metric-store.ts";
import { metricMinuteSamples, metricRollup1h, metricRollup1m } from "./metrics.schema.ts";
import { DAY_MS, samplePartitions } from "./sample-partitions.ts";

export const DEFAULT_METRIC_RETENTION_DAYS = 30;
/** Hourly roll-ups outlive raw data: a year and a month, for year-over-year charts. */
export const HOURLY_ROLLUP_DAYS = 400;

/**
 * Raw samples (in metric_samples and as per-series minute rows) and minute roll-ups are kept for
 * the workspace's metric retention, hourly roll-ups for HOURLY_ROLLUP_DAYS. Sample partitions
 * past the longest retention of any workspace are dropped whole; shorter retentions delete
 * their own older samples. Hours due are closed first: an open hour is read from the minute
 * roll-up, which is about to shrink.
 */
export async function enforceMetricRetention(db: Db, now = new Date()) {
  await ensureMetricStorage(db);
  await closeHours(db, now);
  const settings = await db.select().from(observabilitySettings);
  const days = new Map(settings.map((s) => [s.workspaceId, s.metricRetentionDays]));
  const longest = Math.max(DEFAULT_METRIC_RETENTION_DAYS, ...days.values());
  const dropped: string[] = [];
  for (const { name, day } of await samplePartitions(db)) {
    if (day + DAY_MS <= now.getTime() - longest * DAY_MS) {
      await db.execute(sql.raw(`DROP TABLE IF EXISTS ${name}`));
      dropped.push(name);
    }
  }
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
    await db
      .delete(metricRollup1m)
      .where(and(eq(metricRollup1m.workspaceId, workspaceId), lt(metricRollup1m.bucket, cutoff)));
    await db
      .delete(metricMinuteSamples)
      .where(
        and(
          eq(metricMinuteSamples.workspaceId, workspaceId),
          lt(metricMinuteSamples.bucket, cutoff),
        ),
      );
  }
  await db
    .delete(metricRollup1h)
    .where(lt(metricRollup1h.bucket, new Date(now.getTime() - HOURLY_ROLLUP_DAYS * DAY_MS)));
  return { droppedPartitions: dropped };
}
