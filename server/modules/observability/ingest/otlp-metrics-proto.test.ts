import { ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  InstrumentType,
  type MetricData,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { labelsKeyOf } from "../metrics/metric-store.ts";
import { seriesHintOf } from "../metrics/series-cache.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { samplesFromOtlpMetrics } from "./otlp-metrics.ts";
import { newOutcome, partialSuccessOf } from "./otlp-metrics-outcome.ts";
import { samplesFromOtlpMetricsProto } from "./otlp-metrics-proto.ts";
import { decodeOtlpMetrics, encodeOtlpMetrics } from "./otlp-proto.ts";

const source: IngestSource = {
  workspaceId: "7d3c1a52-0c1f-4f57-9b0e-2f4a8f1d6a10",
  keyId: "1c9a2d4e-5b6f-4a70-8d9e-0f1a2b3c4d5e",
  defaultService: "fallback",
  resourceId: null,
} as IngestSource;
const received = new Date("2026-11-27T12:00:00.000Z");

/** The samples the full decoder and the OTLP/JSON mapper give: what the direct reader must give. */
const reference = (body: Uint8Array) =>
  samplesFromOtlpMetrics(decodeOtlpMetrics(body), source, received);

const time: [number, number] = [1_795_000_000, 123_456_789]; // …000.123456789 s
const descriptor = (name: string, valueType: number) => ({
  name,
  description: "",
  unit: "",
  type: InstrumentType.GAUGE,
  valueType,
});

/** An export as the OpenTelemetry SDK's protobuf exporter encodes it (its own serializer). */
function sdkBody(): Uint8Array {
  const metrics: MetricData[] = [
    {
      descriptor: descriptor("temperature", 1),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.GAUGE,
      dataPoints: [
        {
          attributes: { room: "kitchen", floor: 2, ratio: 0.5, on: true, tags: ["a", "b"] },
          startTime: time,
          endTime: time,
          value: 21.5,
        },
        { attributes: {}, startTime: time, endTime: [0, 0], value: -3 },
      ],
    },
    {
      descriptor: descriptor("requests", 0),
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: [{ attributes: { code: "200" }, startTime: time, endTime: time, value: 42 }],
    },
    {
      descriptor: descriptor("latency", 1),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [
        {
          attributes: { route: "/x" },
          startTime: time,
          endTime: time,
          value: { buckets: { boundaries: [1], counts: [2, 1] }, count: 3, sum: 4.5 },
        },
      ],
    },
  ];
  const request: ResourceMetrics = {
    resource: resourceFromAttributes({ "service.name": "api", "host.name": "web-1" }),
    scopeMetrics: [{ scope: { name: "test" }, metrics }],
  };
  return ProtobufMetricsSerializer.serializeRequest(request)!;
}

describe("samplesFromOtlpMetricsProto", () => {
  it("reads an SDK export to the samples the full decoder gives", () => {
    const body = sdkBody();
    const samples = samplesFromOtlpMetricsProto(body, source, received);
    expect(samples).toEqual(reference(body));
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ["temperature", 21.5],
      ["temperature", -3],
      ["requests", 42],
      ["latency_count", 3],
      ["latency_sum", 4.5],
      ["latency_bucket", 2],
      ["latency_bucket", 3],
    ]);
    // Cumulative, as Prometheus keeps them: 2 at most 1, all 3 at most +Inf.
    expect(samples.slice(-2).map((s) => s.labels.le)).toEqual(["1", "+Inf"]);
    expect(samples.at(-1)!.labels).toMatchObject({ service: "api", route: "/x" });
    expect(samples[0]!.labels).toEqual({
      service: "api",
      host: "web-1",
      room: "kitchen",
      floor: "2",
      ratio: "0.5",
      on: "true",
      tags: '["a","b"]',
    });
    expect(samples[0]!.time.toISOString()).toBe(new Date(1_795_000_000_123).toISOString());
    expect(samples[1]!.time).toEqual(received); // time 0 is "unknown": the receipt time
    expect(samples[0]!.workspaceId).toBe(source.workspaceId);
  });

  it("reads an export again from its label cache to the same samples, one label object a series", () => {
    const body = sdkBody();
    const first = samplesFromOtlpMetricsProto(body, source, received);
    const again = samplesFromOtlpMetricsProto(body, source, received);
    expect(again).toEqual(reference(body));
    again.forEach((s, i) => {
      expect(s.labels).toBe(first[i]!.labels);
      expect(Object.isFrozen(s.labels)).toBe(true);
      expect(seriesHintOf(s)?.labelsKey).toBe(labelsKeyOf(s.labels));
    });
    // Another workspace, or another metric name on the same object, gets no hint.
    const other = samplesFromOtlpMetricsProto(
      body,
      { ...source, workspaceId: "0b5e6a7c-1d2e-4f30-8a9b-c0d1e2f3a4b5" },
      received,
    );
    expect(other[0]!.labels).not.toBe(first[0]!.labels);
    expect(seriesHintOf({ ...first[0]!, name: "renamed" })).toBeUndefined();
  });

  it("reads what the SDK does not send the same way: summaries, odd values, unnamed metrics", () => {
    const nanos = "1795000000999999999";
    const body = encodeOtlpMetrics({
      resourceMetrics: [
        {
          // no resource: the key's default service
          scopeMetrics: [
            {
              metrics: [
                {
                  name: "rpc",
                  summary: {
                    dataPoints: [
                      { timeUnixNano: nanos, count: "7", sum: 1.25, attributes: [] },
                      { timeUnixNano: nanos, count: "2" }, // no sum: no _sum sample
                    ],
                  },
                },
                {
                  name: "big",
                  gauge: {
                    dataPoints: [
                      { timeUnixNano: nanos, asInt: "9007199254740993" },
                      { timeUnixNano: nanos, asInt: "-5" },
                      { timeUnixNano: nanos }, // no value: NaN, which ingest does not store
                      {
                        timeUnixNano: nanos,
                        asDouble: 1,
                        attributes: [
                          {
                            key: "kv",
                            value: {
                              kvlistValue: { values: [{ key: "a", value: { intValue: "1" } }] },
                            },
                          },
                          { key: "raw", value: { bytesValue: "AQI=" } },
                          { key: "none" },
                          { key: "", value: { stringValue: "dropped" } },
                          { key: "empty", value: { stringValue: "" } },
                          { key: "service", value: { stringValue: "overridden" } },
                          { key: "huge", value: { intValue: "9007199254740993" } },
                        ],
                      },
                    ],
                  },
                },
                { gauge: { dataPoints: [{ asDouble: 1 }] } }, // no name: skipped
                { name: "hist", histogram: { dataPoints: [{ timeUnixNano: nanos, count: "1" }] } },
                {
                  name: "exp",
                  exponentialHistogram: {
                    dataPoints: [
                      {
                        timeUnixNano: nanos,
                        count: "6",
                        sum: 3,
                        scale: 20,
                        zeroCount: "1",
                        zeroThreshold: 0.001,
                        // Index -3 at scale 20 lies in [-1, -0.5); 0 and 1 in (1, 2].
                        negative: { offset: -3, bucketCounts: ["1"] },
                        positive: { offset: 0, bucketCounts: ["3", "1"] },
                        attributes: [{ key: "route", value: { stringValue: "/e" } }],
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
        {
          resource: {
            attributes: [{ key: "service.name", value: { stringValue: "unknown_service:node" } }],
          },
        },
      ],
    });
    const outcome = newOutcome();
    const samples = samplesFromOtlpMetricsProto(body, source, received, outcome);
    const json = newOutcome();
    expect(samples).toEqual(
      samplesFromOtlpMetrics(decodeOtlpMetrics(body), source, received, json),
    );
    expect(partialSuccessOf(outcome)).toEqual(partialSuccessOf(json));
    expect(partialSuccessOf(outcome)).toEqual({
      rejectedDataPoints: "1",
      errorMessage:
        "1 data point of metrics without a name was dropped; summary quantiles are not stored, only _count and _sum (rpc).",
    });
    expect(samples.map((s) => [s.name, s.value])).toEqual([
      ["rpc_count", 7],
      ["rpc_sum", 1.25],
      ["rpc_count", 2],
      ["big", 9007199254740992],
      ["big", -5],
      ["big", Number.NaN],
      ["big", 1],
      ["hist_count", 1],
      ["exp_count", 6],
      ["exp_sum", 3],
      ["exp_bucket", 1],
      ["exp_bucket", 2],
      ["exp_bucket", 6],
      ["exp_bucket", 6],
    ]);
    expect(samples.slice(-4).map((s) => s.labels.le)).toEqual(["-0.5", "0.001", "2", "+Inf"]);
    expect(samples.at(-1)!.labels).toEqual({ service: "fallback", route: "/e", le: "+Inf" });
    expect(samples[6]!.labels).toEqual({
      service: "overridden",
      kv: '{"a":1}',
      raw: "AQI=",
      none: "null",
      empty: "",
      huge: "9007199254740993", // beyond 2^53: kept as digits, not rounded
    });
    expect(samples[0]!.labels).toEqual({ service: "fallback" });
    // Nanoseconds cut to whole milliseconds, not rounded up into the next second.
    expect(samples[0]!.time.getTime()).toBe(1_795_000_000_999);
  });

  it("skips fields it does not know, and refuses a truncated body", () => {
    const body = sdkBody();
    // Field 15 (varint 1), which no OTLP version defines at the top level.
    const withUnknown = Buffer.concat([Buffer.from([0x78, 0x01]), body]);
    expect(samplesFromOtlpMetricsProto(withUnknown, source, received)).toEqual(reference(body));
    expect(() =>
      samplesFromOtlpMetricsProto(body.subarray(0, body.length - 3), source, received),
    ).toThrow();
  });
});
