// parse-prometheus-text-format ships no types; the shape of what it returns.
declare module "parse-prometheus-text-format" {
  interface PlainMetric {
    value: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
  }
  interface HistogramMetric {
    buckets: Record<string, string>;
    count: string;
    sum: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
  }
  interface SummaryMetric {
    quantiles: Record<string, string>;
    count: string;
    sum: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
  }
  export interface MetricFamily {
    name: string;
    help: string;
    type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
    metrics: (PlainMetric | HistogramMetric | SummaryMetric)[];
  }
  export default function parsePrometheusTextFormat(text: string): MetricFamily[];
}
