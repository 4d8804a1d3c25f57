import { sql } from "drizzle-orm";
import { z } from "zod";
import { matchersSql } from "../../metrics/label-matchers.ts";
import { minutesOf, samplesOf } from "../../metrics/metric-reads.ts";
import { ensureMetricStorage } from "../../metrics/metric-store.ts";
import type { AlertEvaluator, Signal } from "../evaluators.ts";
import { groupOf, incidentGroup, metricSelection, msAgo } from "./telemetry-params.ts";

const params = z.strictObject({
  ...metricSelection,
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(1440)
    .default(10)
    .describe("Fires when no sample arrived for this long"),
  forgetAfterHours: z
    .number()
    .int()
    .min(1)
    .max(72)
    .default(24)
    .describe("A group silent for longer than this is gone, not missing, and resolves"),
});

interface Row {
  labels: Record<string, string> | string;
  last_bucket_s: string | number | null;
  is_recent: boolean;
}

/**
 * Fires when the selection has no sample in the window: with group-by, for each group that sent
 * samples within `forgetAfterHours` and then stopped; without, when nothing at all arrived
 * (also before the metric ever did: a rule on a metric that never came is data missing too).
 */
export const metricAbsentEvaluator: AlertEvaluator<typeof params> = {
  kind: "metric_absent",
  title: "Metric stops reporting",
  params,
  async evaluate(p, { db, workspaceId, now }) {
    await ensureMetricStorage(db);
    const windowStart = msAgo(now, p.windowMinutes);
    const horizon = new Date(now.getTime() - p.forgetAfterHours * 3_600_000);
    // Known groups and when they were last seen come from the minutes over the horizon;
    // presence in the window from raw samples, so a sample 30 s ago counts exactly
    // (metric-reads.ts reads both).
    const end = now.getTime() + 1;
    const found = (
      (await db.execute(
        sql`WITH sel AS MATERIALIZED (SELECT id, labels FROM metric_series s WHERE s.workspace_id = ${workspaceId} AND s.name = ${p.metric}${matchersSql(p.matchers)}),
            seen AS (SELECT m.series_id, extract(epoch FROM max(m.bucket)) AS last_bucket_s
                     FROM (${minutesOf(horizon.getTime(), end)}) m GROUP BY m.series_id),
            recent AS (SELECT DISTINCT x.series_id
                       FROM (${samplesOf(workspaceId, windowStart.getTime(), end)}) x)
            SELECT sel.labels, seen.last_bucket_s, recent.series_id IS NOT NULL AS is_recent
            FROM sel JOIN seen ON seen.series_id = sel.id LEFT JOIN recent ON recent.series_id = sel.id`,
      )) as unknown as { rows: Row[] }
    ).rows;
    const groups = new Map<
      string,
      { group: ReturnType<typeof groupOf>; lastMs: number; isRecent: boolean }
    >();
    for (const r of found) {
      const labels = typeof r.labels === "string" ? JSON.parse(r.labels) : r.labels;
      const group = groupOf(p.groupBy, labels);
      const entry = groups.get(group.key) ?? { group, lastMs: 0, isRecent: false };
      entry.lastMs = Math.max(entry.lastMs, Number(r.last_bucket_s ?? 0) * 1000);
      entry.isRecent ||= r.is_recent;
      groups.set(group.key, entry);
    }
    if (groups.size === 0 && p.groupBy.length === 0) {
      const whole = groupOf([], {});
      groups.set(whole.key, { group: whole, lastMs: 0, isRecent: false });
    }
    const signals: Signal[] = [];
    for (const { group, lastMs, isRecent } of groups.values()) {
      if (isRecent) continue;
      const since =
        lastMs > 0
          ? `last sample in the minute from ${new Date(lastMs).toISOString().slice(11, 16)} UTC`
          : `nothing within ${p.forgetAfterHours} h`;
      signals.push({
        key: group.key,
        summary: `No samples of ${p.metric}${group.suffix} for ${p.windowMinutes} min (${since})`,
        labels: { ...group.labels, metric: p.metric },
        groupKey: incidentGroup(group.labels, `metric:${p.metric}`),
      });
    }
    return signals;
  },
};
