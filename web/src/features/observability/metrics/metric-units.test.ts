import { describe, expect, it } from "vitest";
import { formatMetricValue, unitOfQuery } from "./metric-units.ts";

describe("unitOfQuery", () => {
  it("reads bytes and seconds from the metric's name, by what the aggregation charts", () => {
    expect(unitOfQuery("memory_used_bytes", "avg")).toBe("bytes");
    expect(unitOfQuery("node_network_receive_bytes_total", "rate")).toBe("bytes/s");
    expect(unitOfQuery("http_request_duration_seconds_bucket", "p95")).toBe("seconds");
    expect(unitOfQuery("http_request_duration_seconds_sum", "sum")).toBe("seconds");
    expect(unitOfQuery("process_cpu_seconds_total", "max")).toBe("seconds");
  });

  it("gives none to counts, histogram counts and buckets, CPU seconds per second and other names", () => {
    expect(unitOfQuery("memory_used_bytes", "count")).toBeUndefined();
    expect(unitOfQuery("http_request_duration_seconds_count", "sum")).toBeUndefined();
    expect(unitOfQuery("http_request_duration_seconds_bucket", "sum")).toBeUndefined();
    expect(unitOfQuery("process_cpu_seconds_total", "rate")).toBeUndefined();
    expect(unitOfQuery("qa_latency_ms_bucket", "p95")).toBeUndefined();
    expect(unitOfQuery("http_requests_total", "rate")).toBeUndefined();
  });
});

describe("formatMetricValue", () => {
  it("shows billions of bytes as GiB, not as a compact 6B", () => {
    expect(formatMetricValue(6_000_000_000, "bytes", "en-US")).toBe("5.59 GiB");
    expect(formatMetricValue(4 * 1024 ** 3, "bytes", "en-US")).toBe("4 GiB");
    expect(formatMetricValue(512, "bytes", "en-US")).toBe("512 B");
    expect(formatMetricValue(1536, "bytes/s", "en-US")).toBe("1.5 KiB/s");
    expect(formatMetricValue(0, "bytes", "en-US")).toBe("0 B");
  });

  it("shows seconds as durations in the largest unit they reach", () => {
    expect(formatMetricValue(0.25, "seconds", "en-US")).toBe("250 ms");
    expect(formatMetricValue(0.000_042, "seconds", "en-US")).toBe("42 µs");
    expect(formatMetricValue(5, "seconds", "en-US")).toBe("5 s");
    expect(formatMetricValue(90, "seconds", "en-US")).toBe("1.5 min");
    expect(formatMetricValue(5400, "seconds", "en-US")).toBe("1.5 h");
    expect(formatMetricValue(0, "seconds", "en-US")).toBe("0 s");
  });

  it("keeps compact numbers for everything else, in the workspace's locale", () => {
    expect(formatMetricValue(6_000_000_000, undefined, "en-US")).toBe("6B");
    expect(formatMetricValue(1234.5, undefined, "de-DE")).toBe("1234,5");
    expect(formatMetricValue(1_610_612_736, "bytes", "de-DE")).toBe("1,5 GiB");
  });
});
