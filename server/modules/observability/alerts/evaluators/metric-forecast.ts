import { z } from "zod";
import { forecastMetric } from "../../metrics/forecast.ts";
import type { AlertEvaluator, Signal } from "../evaluators.ts";
import { groupOf, incidentGroup, metricSelection } from "./telemetry-params.ts";

const params = z.strictObject({
  ...metricSelection,
  threshold: z.number().describe("The value that must not be reached, e.g. 0 free bytes"),
  direction: z
    .enum(["above", "below"])
    .default("below")
    .describe('"below" when the value falls toward the threshold (free space)'),
  withinDays: z
    .number()
    .min(0.5)
    .max(365)
    .default(7)
    .describe("Fires when the trend reaches the threshold within this many days"),
  lookbackDays: z.number().int().min(1).max(83).default(14),
  minConfidence: z
    .number()
    .min(0.5)
    .max(1)
    .default(0.7)
    .describe("How clear the trend must be: 0.5 any, 1 only a perfectly steady one"),
});

/**
 * Fires before a limit is reached, not after: "the disk on web-1 is full in 4 days". One alert
 * per group whose robust trend (metrics.forecast) crosses the threshold within the window.
 */
export const metricForecastEvaluator: AlertEvaluator<typeof params> = {
  kind: "metric_forecast",
  title: "Metric trend reaches a limit soon",
  params,
  async evaluate(p, { db, workspaceId, now }) {
    const result = await forecastMetric(db, workspaceId, {
      metric: p.metric,
      matchers: p.matchers,
      groupBy: p.groupBy,
      aggregation: "avg",
      threshold: p.threshold,
      direction: p.direction,
      lookbackDays: p.lookbackDays,
      horizonDays: Math.ceil(p.withinDays),
      now,
    });
    const signals: Signal[] = [];
    for (const series of result.series) {
      if (series.daysLeft === null || series.daysLeft > p.withinDays) continue;
      if (!series.breached && series.confidence < p.minConfidence) continue;
      const group = groupOf(p.groupBy, series.labels);
      signals.push({
        key: group.key,
        summary: `${p.metric}${group.suffix}: ${series.explanation}`,
        labels: { ...group.labels, metric: p.metric },
        groupKey: incidentGroup(group.labels, `metric:${p.metric}`),
      });
    }
    return signals;
  },
};
