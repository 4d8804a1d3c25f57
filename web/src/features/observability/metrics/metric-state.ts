import {
  AGGREGATIONS,
  type Aggregation,
} from "../../../../../server/modules/observability/metrics/aggregations.ts";
import type { OperationOutput } from "../../../lib/api.ts";
import type { RangeValue } from "../log-range.ts";

export { AGGREGATIONS, type Aggregation };

/** How the aggregation picker names them: counters and histograms read as Prometheus reads them. */
export const AGGREGATION_LABELS: Record<Aggregation, string> = {
  avg: "avg",
  sum: "sum",
  min: "min",
  max: "max",
  count: "count",
  rate: "rate / s (counters)",
  p50: "p50 (histogram buckets)",
  p90: "p90 (histogram buckets)",
  p95: "p95 (histogram buckets)",
  p99: "p99 (histogram buckets)",
};

const QUANTILES: readonly Aggregation[] = ["p50", "p90", "p95", "p99"];

/**
 * The aggregation a newly picked metric is charted with, by the Prometheus naming conventions:
 * a histogram's `_bucket` series as a quantile (p95 unless one is chosen), a counter (`_total`,
 * a histogram's `_count` and `_sum`) as a rate, anything else as the chosen aggregation, back to
 * avg when that was a rate or quantile meant for another kind.
 */
export function aggregationFor(metric: string, current: Aggregation): Aggregation {
  if (metric.endsWith("_bucket")) return QUANTILES.includes(current) ? current : "p95";
  if (/_(total|count|sum)$/.test(metric)) return "rate";
  return current === "rate" || QUANTILES.includes(current) ? "avg" : current;
}

/**
 * The series a histogram sent as `name` is stored as (`<name>_bucket{le}`, `_count`, `_sum`)
 * when `name` is not a metric itself: an OTLP histogram is searched by the name it was sent
 * under, and the explorer offers these instead of an empty chart.
 */
export function histogramSeriesOf(name: string, known: readonly string[]): string[] {
  if (!name || known.includes(name)) return [];
  return ["_bucket", "_count", "_sum"]
    .map((suffix) => name + suffix)
    .filter((n) => known.includes(n));
}

/** Steps offered; "auto" picks one from the range (about 60–120 points, roll-up friendly). */
export const STEPS = [
  { value: 0, label: "Auto" },
  { value: 15, label: "15 s" },
  { value: 60, label: "1 min" },
  { value: 300, label: "5 min" },
  { value: 900, label: "15 min" },
  { value: 3600, label: "1 h" },
  { value: 21_600, label: "6 h" },
  { value: 86_400, label: "1 day" },
] as const;

const AUTO_STEP: Record<RangeValue, number> = {
  "15m": 15,
  "1h": 60,
  "6h": 300,
  "24h": 900,
  "7d": 3600,
  "30d": 21_600,
};

/** The step a range uses when none is chosen: whole minutes or hours read the roll-ups. */
export function stepFor(range: RangeValue, chosen = 0): number {
  return chosen > 0 ? chosen : AUTO_STEP[range];
}

/** What the explorer charts; it all lives in the URL so a view can be shared. */
export interface MetricView {
  metric: string;
  aggregation: Aggregation;
  groupBy: string[];
  where: Record<string, string>;
  range: RangeValue;
  step: number;
  /** Judge the series with the anomaly engine (expected values, usual range, unusual points). */
  anomalies: boolean;
  /** Forecast when each series reaches a limit at its recent trend. */
  forecast: boolean;
}

const RANGE_VALUES = ["15m", "1h", "6h", "24h", "7d", "30d"];

/** The explorer's state from the URL's search parameters (anything malformed falls back). */
export function viewFromParams(params: URLSearchParams): MetricView {
  const aggregation = params.get("agg") ?? "avg";
  const range = params.get("range") ?? "1h";
  const step = Number(params.get("step") ?? 0);
  const where: Record<string, string> = {};
  for (const pair of params.getAll("where")) {
    const eq = pair.indexOf("=");
    if (eq > 0) where[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return {
    metric: params.get("metric") ?? "",
    aggregation: (AGGREGATIONS as readonly string[]).includes(aggregation)
      ? (aggregation as Aggregation)
      : "avg",
    groupBy: (params.get("by") ?? "").split(",").filter(Boolean).slice(0, 5),
    where,
    range: (RANGE_VALUES.includes(range) ? range : "1h") as RangeValue,
    step: STEPS.some((s) => s.value === step) ? step : 0,
    anomalies: params.get("anomalies") === "1",
    forecast: params.get("forecast") === "1",
  };
}

/** The URL search parameters of a view (the inverse of viewFromParams). */
export function paramsOfView(view: MetricView): URLSearchParams {
  const params = new URLSearchParams();
  if (view.metric) params.set("metric", view.metric);
  params.set("agg", view.aggregation);
  if (view.groupBy.length > 0) params.set("by", view.groupBy.join(","));
  for (const [k, v] of Object.entries(view.where)) params.append("where", `${k}=${v}`);
  params.set("range", view.range);
  if (view.step) params.set("step", String(view.step));
  if (view.anomalies) params.set("anomalies", "1");
  if (view.forecast) params.set("forecast", "1");
  return params;
}

/** A series' legend name from its group-by labels. */
export function seriesName(labels: Record<string, string | null>, metric: string): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v ?? "∅"}`);
  return parts.length > 0 ? parts.join(", ") : metric;
}

/** A point as metrics.anomalies judges it. */
export type JudgedPoint = OperationOutput<"metrics.anomalies">["series"][number]["points"][number];

/** A point is unusual once it leaves the band (score 0.5 is the band's edge). */
export const ANOMALOUS = 0.5;
