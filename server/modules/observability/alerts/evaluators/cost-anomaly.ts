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

/** Fires for each open (unacknowledged) cost anomaly of a recent day; acknowledging resolves it. */
export const costAnomalyEvaluator: AlertEvaluator<typeof params> = {
  kind: "cost_anomaly",
  title: "Cost anomaly detected",
  params,
  async evaluate({ minSeverity, lookbackDays }, { db, workspaceId, now }) {
    const from = new Date(now.getTime() - lookbackDays * 86_400_000).toISOString().slice(0, 10);
    const rows = await listAnomalies(db, { workspaceId, from, status: "open", limit: 500 });
    return rows
      .filter(
        (a) =>
          SEVERITY_RANK[a.severity as keyof typeof SEVERITY_RANK] >= SEVERITY_RANK[minSeverity],
      )
      .map((a) => ({
        key: a.id,
        summary: `${a.key || "Total"} (${a.dimension}) cost ${a.actual} ${a.currency} on ${a.day}, expected ${a.expected}`,
        labels: {
          anomalyId: a.id,
          dimension: a.dimension,
          value: a.key,
          anomalySeverity: a.severity,
          day: a.day,
        },
        groupKey: `cost:${a.dimension}:${a.key}`,
      }));
  },
};
