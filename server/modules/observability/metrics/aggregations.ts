/**
 * How a metric query combines a group's series (metric-query.ts): avg/sum/min/max/count of their
 * values; `rate`: counters' per-second increase, summed; `p50`…`p99`: a quantile of histogram
 * `_bucket` series (metric-increase.ts). Without imports, so the web's explorer lists the same.
 */
export const AGGREGATIONS = [
  "avg",
  "sum",
  "min",
  "max",
  "count",
  "rate",
  "p50",
  "p90",
  "p95",
  "p99",
] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
