import type { UseQueryResult } from "@tanstack/react-query";
import { useOperation } from "../../../lib/operations.ts";
import { periodOf, type RangeValue } from "../log-range.ts";
import type { ChartSeries } from "./metric-chart.tsx";
import { type Aggregation, seriesName, stepFor } from "./metric-state.ts";

export type PanelQuery =
  | {
      kind: "metric";
      metric: string;
      aggregation: Aggregation;
      groupBy: string[];
      where: Record<string, string>;
    }
  | { kind: "logCount"; q?: string; service?: string; level?: Level };

type Level = "trace" | "debug" | "info" | "warn" | "error" | "fatal";

export interface PanelSeries {
  /** The query's loading and error state (its data is read through `series`). */
  query: UseQueryResult<unknown, unknown>;
  series: ChartSeries[] | undefined;
  /** Which table a metric query read (raw, rollup_1m, rollup_1h). */
  source?: string;
  /** The metric read, when not the one asked (a quantile of a histogram by its sent name). */
  readMetric?: string;
  /** The period asked for: the chart's time axis spans it, not just the data. */
  period: { from: string; to: string };
}

/** The chart series of a panel's query over a range: metrics.query, or logs.histogram counts. */
export function usePanelSeries(
  query: PanelQuery,
  range: RangeValue,
  options: { step?: number; resourceId?: string } = {},
): PanelSeries {
  const period = periodOf(range);
  const metric = useOperation(
    "metrics.query",
    query.kind === "metric"
      ? {
          metric: query.metric,
          ...period,
          step: stepFor(range, options.step),
          aggregation: query.aggregation,
          groupBy: query.groupBy,
          ...(Object.keys(query.where).length > 0 ? { where: query.where } : {}),
          ...(options.resourceId ? { resourceId: options.resourceId } : {}),
        }
      : undefined,
    { enabled: query.kind === "metric" && query.metric !== "" },
  );
  const logs = useOperation(
    "logs.histogram",
    query.kind === "logCount"
      ? {
          ...period,
          maxBuckets: 60,
          ...(query.q ? { q: query.q } : {}),
          ...(query.service ? { service: query.service } : {}),
          ...(query.level ? { level: query.level } : {}),
        }
      : undefined,
    { enabled: query.kind === "logCount" },
  );
  if (query.kind === "metric") {
    const series: ChartSeries[] | undefined = metric.data?.series.map((s) => ({
      name: seriesName(s.labels, query.metric),
      points: s.points.map((p) => ({ time: String(p.time), value: p.value })),
    }));
    return {
      query: metric,
      series,
      source: metric.data?.source,
      readMetric: metric.data?.metric,
      period,
    };
  }
  const series: ChartSeries[] | undefined = logs.data && [
    {
      name: "lines",
      points: logs.data.buckets.map((b) => ({ time: String(b.start), value: b.count })),
    },
  ];
  return { query: logs, series, period };
}
