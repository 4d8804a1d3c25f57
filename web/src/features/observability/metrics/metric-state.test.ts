import { describe, expect, it } from "vitest";
import { aggregationFor } from "./metric-state.ts";

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
