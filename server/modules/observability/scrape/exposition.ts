import parsePrometheusTextFormat, { type MetricFamily } from "parse-prometheus-text-format";

/** One sample of a scrape, as Prometheus stores it: histograms and summaries are flattened. */
export interface ScrapedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The exposition's own timestamp (rare), else null: the scrape time applies. */
  timeMs: number | null;
}

/** Go's and the text format's spellings of the special values. */
function numberOf(raw: string): number {
  if (raw === "+Inf" || raw === "Inf") return Number.POSITIVE_INFINITY;
  if (raw === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(raw);
}

/**
 * Parses the Prometheus text exposition format (what node_exporter and most exporters serve)
 * into flat samples, the way Prometheus itself stores them: a histogram `h` becomes
 * `h_bucket{le}`, `h_sum` and `h_count`; a summary `s` becomes `s{quantile}`, `s_sum` and
 * `s_count`. Counters are kept as the cumulative values they are (rate() is a query concern).
 * Throws on text that is not the format (e.g. an HTML error page).
 */
export function parseExposition(text: string): ScrapedSample[] {
  let families: MetricFamily[];
  try {
    families = parsePrometheusTextFormat(text);
  } catch (error) {
    throw new Error(
      `not Prometheus text format: ${error instanceof Error ? error.message : error}`,
    );
  }
  const out: ScrapedSample[] = [];
  for (const family of families) {
    for (const metric of family.metrics) {
      const labels = metric.labels ?? {};
      const timeMs = metric.timestamp_ms ? Number(metric.timestamp_ms) : null;
      const push = (name: string, extra: Record<string, string>, raw: string) =>
        out.push({ name, labels: { ...labels, ...extra }, value: numberOf(raw), timeMs });
      if ("buckets" in metric) {
        for (const [le, count] of Object.entries(metric.buckets))
          push(`${family.name}_bucket`, { le }, count);
        push(`${family.name}_sum`, {}, metric.sum);
        push(`${family.name}_count`, {}, metric.count);
      } else if ("quantiles" in metric) {
        for (const [quantile, value] of Object.entries(metric.quantiles))
          push(family.name, { quantile }, value);
        push(`${family.name}_sum`, {}, metric.sum);
        push(`${family.name}_count`, {}, metric.count);
      } else push(family.name, {}, metric.value);
    }
  }
  return out;
}
