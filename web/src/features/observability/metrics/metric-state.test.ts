import { describe, expect, it } from "vitest";
import { aggregationFor, histogramSeriesOf } from "./metric-state.ts";

describe("the aggregation a picked metric starts with", () => {
  it("charts histogram buckets as a quantile, keeping one already chosen", () => {
    expect(aggregationFor("http_request_duration_seconds_bucket", "avg")).toBe("p95");
    expect(aggregationFor("http_request_duration_seconds_bucket", "p99")).toBe("p99");
  });

  it("charts counters as a rate", () => {
    expect(aggregationFor("http_requests_total", "avg")).toBe("rate");
    expect(aggregationFor("http_request_duration_seconds_count", "max")).toBe("rate");
    expect(aggregationFor("http_request_duration_seconds_sum", "p95")).toBe("rate");
  });

  it("keeps the chosen one for a gauge, unless it was meant for counters or histograms", () => {
    expect(aggregationFor("cpu_utilization_percent", "max")).toBe("max");
    expect(aggregationFor("cpu_utilization_percent", "rate")).toBe("avg");
    expect(aggregationFor("cpu_utilization_percent", "p95")).toBe("avg");
  });
});

describe("histogramSeriesOf", () => {
  const known = ["qa_latency_ms_bucket", "qa_latency_ms_count", "qa_latency_ms_sum", "up"];
  it("offers the series a histogram sent as a name is stored as, percentiles first", () => {
    expect(histogramSeriesOf("qa_latency_ms", known)).toEqual([
      "qa_latency_ms_bucket",
      "qa_latency_ms_count",
      "qa_latency_ms_sum",
    ]);
  });
  it("offers nothing for a metric that exists, an empty search or a name with no parts", () => {
    expect(histogramSeriesOf("up", known)).toEqual([]);
    expect(histogramSeriesOf("", known)).toEqual([]);
    expect(histogramSeriesOf("qa_latency", known)).toEqual([]);
  });
});
