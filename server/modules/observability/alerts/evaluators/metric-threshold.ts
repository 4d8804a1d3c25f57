import { z } from "zod";
import type { AlertEvaluator, Signal } from "../evaluators.ts";
import { type SeriesWindow, seriesOverWindow } from "./metric-window.ts";
import {
  formatValue,
  groupOf,
  holds,
  incidentGroup,
  metricSelection,
  msAgo,
  zComparator,
} from "./telemetry-params.ts";

const AGGREGATIONS = ["avg", "min", "max", "sum", "count", "rate"] as const;
type Aggregation = (typeof AGGREGATIONS)[number];

const params = z.strictObject({
  ...metricSelection,
  aggregation: z
    .enum(AGGREGATIONS)
    .default("avg")
    .describe(
      "avg/min/max of the samples; sum of each series' average; count of samples; rate: per-second increase of counters, summed over the group's series",
    ),
  windowMinutes: z.number().int().min(1).max(1440).default(5),
  comparator: zComparator,
  threshold: z.number().finite(),
});

/**
 * A group's value over the window. `rate` follows Prometheus: a counter's increase (a drop is a
 * restart from zero) over the time its samples span, per second, added up across series; a
 * series needs two samples for a rate.
 */
export function aggregateGroup(aggregation: Aggregation, series: SeriesWindow[]): number | null {
  if (series.length === 0) return null;
  switch (aggregation) {
    case "avg":
      return series.reduce((a, s) => a + s.sum / s.count, 0) / series.length;
    case "sum":
      return series.reduce((a, s) => a + s.sum / s.count, 0);
    case "min":
      return Math.min(...series.map((s) => s.min));
    case "max":
      return Math.max(...series.map((s) => s.max));
    case "count":
      return series.reduce((a, s) => a + s.count, 0);
    case "rate": {
      const rated = series.filter((s) => s.count >= 2 && s.lastMs > s.firstMs);
      if (rated.length === 0) return null;
      return rated.reduce((a, s) => a + (s.increase ?? 0) / ((s.lastMs - s.firstMs) / 1000), 0);
    }
  }
}

/** Fires for each group whose aggregated value over the window satisfies the comparison. */
export const metricThresholdEvaluator: AlertEvaluator<typeof params> = {
  kind: "metric_threshold",
  title: "Metric crosses a threshold",
  params,
  async evaluate(p, { db, workspaceId, now }) {
    const series = await seriesOverWindow(
      db,
      workspaceId,
      p,
      msAgo(now, p.windowMinutes),
      now,
      p.aggregation === "rate",
    );
    const groups = new Map<string, { group: ReturnType<typeof groupOf>; series: SeriesWindow[] }>();
    for (const s of series) {
      const group = groupOf(p.groupBy, s.labels);
      const entry = groups.get(group.key) ?? { group, series: [] };
      entry.series.push(s);
      groups.set(group.key, entry);
    }
    const signals: Signal[] = [];
    for (const { group, series: members } of groups.values()) {
      const actual = aggregateGroup(p.aggregation, members);
      if (actual === null || !holds(actual, p.comparator, p.threshold)) continue;
      signals.push({
        key: group.key,
        summary: `${p.aggregation}(${p.metric})${group.suffix} over ${p.windowMinutes} min is ${formatValue(actual)}, threshold ${p.comparator} ${formatValue(p.threshold)}`,
        labels: { ...group.labels, metric: p.metric },
        annotations: { value: formatValue(actual) },
        groupKey: incidentGroup(group.labels, `metric:${p.metric}`),
      });
    }
    return signals;
  },
};
