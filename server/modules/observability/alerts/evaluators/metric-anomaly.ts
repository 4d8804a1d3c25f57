import { z } from "zod";
import { invalid } from "../../../../platform/errors.ts";
import { scoreSeries } from "../../anomaly/anomaly-engine.ts";
import { queryMetric } from "../../metrics/metric-query.ts";
import type { AlertEvaluator, Signal } from "../evaluators.ts";
import { formatValue, groupOf, incidentGroup, metricSelection } from "./telemetry-params.ts";

const params = z.strictObject({
  ...metricSelection,
  aggregation: z.enum(["avg", "sum", "min", "max", "count"]).default("avg"),
  stepMinutes: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(5)
    .describe("Minutes per point of the series the engine judges"),
  historyHours: z
    .number()
    .int()
    .min(1)
    .max(168)
    .default(48)
    .describe("History the engine learns from at each evaluation (a daily cycle needs 2 days)"),
  sensitivity: z
    .number()
    .min(0.5)
    .max(0.999)
    .default(0.8)
    .describe(
      "Fires when the latest point's anomaly score (0..1, 0.5 = edge of the band) exceeds this",
    ),
  direction: z.enum(["both", "above", "below"]).default("both"),
});

const MAX_POINTS = 2000;

/**
 * Fires for each group whose latest complete step the shared anomaly engine scores above the
 * sensitivity. The engine is streaming but rules hold no state between evaluations, so each
 * evaluation replays the bounded history through a fresh engine (≤ 2000 points per group,
 * read from the minute or hour roll-up).
 */
export const metricAnomalyEvaluator: AlertEvaluator<typeof params> = {
  kind: "metric_anomaly",
  title: "Metric behaves anomalously",
  params,
  async validate(p) {
    if ((p.historyHours * 60) / p.stepMinutes > MAX_POINTS)
      throw invalid(
        "params.historyHours",
        `gives more than ${MAX_POINTS} points; widen stepMinutes`,
      );
  },
  async evaluate(p, { db, workspaceId, now }) {
    const step = p.stepMinutes * 60;
    // Only complete steps: a half-filled last step would read as a drop for sums and counts.
    const to = new Date(Math.floor(now.getTime() / 1000 / step) * step * 1000);
    const from = new Date(to.getTime() - Math.min(p.historyHours * 3600, MAX_POINTS * step) * 1000);
    const result = await queryMetric(db, workspaceId, {
      metric: p.metric,
      matchers: p.matchers,
      groupBy: p.groupBy,
      aggregation: p.aggregation,
      step,
      from,
      to,
    });
    const latestStart = to.getTime() - step * 1000;
    const signals: Signal[] = [];
    for (const series of result.series) {
      const last = series.points.at(-1);
      if (!last || last.time.getTime() !== latestStart) continue; // no data in the latest step
      const verdict = scoreSeries(
        series.points.map((point) => ({ timestamp: point.time.getTime(), value: point.value })),
      ).at(-1)!;
      if (verdict.isWarmingUp || verdict.score <= p.sensitivity) continue;
      if (p.direction === "above" && verdict.deviation <= 0) continue;
      if (p.direction === "below" && verdict.deviation >= 0) continue;
      const group = groupOf(p.groupBy, series.labels);
      signals.push({
        key: group.key,
        summary: `${p.aggregation}(${p.metric})${group.suffix} is ${formatValue(verdict.value)}, expected ${formatValue(verdict.expected)} (usual ${formatValue(verdict.lower)} to ${formatValue(verdict.upper)}), anomaly score ${verdict.score.toFixed(2)}`,
        labels: { ...group.labels, metric: p.metric },
        annotations: {
          value: formatValue(verdict.value),
          expected: formatValue(verdict.expected),
          score: verdict.score.toFixed(2),
        },
        groupKey: incidentGroup(group.labels, `metric:${p.metric}`),
      });
    }
    return signals;
  },
};
