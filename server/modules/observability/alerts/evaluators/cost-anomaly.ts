import { z } from "zod";
import { listAnomalies } from "../../../costs/anomalies/anomaly-queries.ts";
import type { AlertEvaluator } from "../evaluators.ts";

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const;
const params = z.strictObject({
  minSeverity: z.enum(["low", "medium", "high"]).default("medium"),
  lookbackDays: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(7)
    .describe("Anomalies of days older than this are left alone"),
});

/**
 * Fires once per cost series (a service, an account, a tag value…) while it has open
 * (unacknowledged) anomalies on recent days, saying what the latest one was and on how many days
 * it has been anomalous: a spend spike that lasts a week is one alert, not seven. Acknowledging
 * every one of its anomalies resolves it.
 */
export const costAnomalyEvaluator: AlertEvaluator<typeof params> = {
  kind: "cost_anomaly",
  title: "Cost anomaly detected",
  params,
  async evaluate({ minSeverity, lookbackDays }, { db, workspaceId, now }) {
    const from = new Date(now.getTime() - lookbackDays * 86_400_000).toISOString().slice(0, 10);
    const rows = await listAnomalies(db, { workspaceId, from, status: "open", limit: 500 });
    // Newest day first (listAnomalies' order): each series' first row is its latest anomaly.
    const bySeries = new Map<string, typeof rows>();
    for (const a of rows) {
      if (rankOf(a.severity) < SEVERITY_RANK[minSeverity]) continue;
      const series = `${a.dimension}:${a.key}`;
      const anomalies = bySeries.get(series);
      if (anomalies) anomalies.push(a);
      else bySeries.set(series, [a]);
    }
    return [...bySeries].map(([series, anomalies]) => {
      const latest = anomalies[0]!;
      const first = anomalies.at(-1)!;
      const worst = anomalies.reduce((w, a) => (rankOf(a.severity) > rankOf(w.severity) ? a : w));
      const days = new Set(anomalies.map((a) => a.day)).size;
      const span = days > 1 ? `; anomalous on ${days} days since ${first.day}` : "";
      return {
        key: series,
        summary: `${latest.key || "Total"} (${latest.dimension}) cost ${latest.actual} ${latest.currency} on ${latest.day}, expected ${latest.expected}${span}`,
        labels: { dimension: latest.dimension, value: latest.key },
        annotations: {
          anomalyId: latest.id,
          anomalySeverity: worst.severity,
          day: latest.day,
          days: String(days),
        },
        groupKey: `cost:${series}`,
      };
    });
  },
};

function rankOf(severity: string): number {
  return SEVERITY_RANK[severity as keyof typeof SEVERITY_RANK] ?? -1;
}
