// OTLP DELTA temporality: each exported point is the increase since the export before. Rates
// and histogram quantiles add those increases up, where cumulative series are differenced.
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as OtlpJsonExporter,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as OtlpProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { listen, makeKey } from "./ingest.testkit.ts";
import type { IngestSource } from "./ingest-keys.service.ts";
import { samplesFromOtlpMetrics } from "./otlp-metrics.ts";

let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance;
let url: string;
let key: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "delta@example.com", "Delta")).caller;
  key = (await makeKey(rt, owner, { name: "sdk", defaultService: "fallback" })).key;
  ({ app, url } = await listen(rt));
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

/** Four minutes, from half an hour ago on a whole minute (the SDK stamps points with Date.now). */
const start = Math.floor(Date.now() / 60_000) * 60_000 - 1_800_000;
const MINUTES = 4;

/**
 * A service counting 10 requests a second, and recording latencies of 50 ms three times a second
 * and 500 ms once, exported every 5 s with DELTA temporality, as the SDK's clock moves on.
 */
async function exportDeltas(exporter: OtlpJsonExporter | OtlpProtoExporter, name: string) {
  let now = start;
  vi.spyOn(Date, "now").mockImplementation(() => now);
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "shop" }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
    views: [
      {
        instrumentName: `${name}_latency`,
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [10, 100, 1000] },
        },
      },
    ],
  });
  const meter = provider.getMeter("delta-test");
  const requests = meter.createCounter(`${name}_requests`);
  const latency = meter.createHistogram(`${name}_latency`);
  for (let second = 1; second <= MINUTES * 60; second++) {
    now = start + second * 1000;
    requests.add(10, { route: "/pay" });
    for (const ms of [50, 50, 50, 500]) latency.record(ms, { route: "/pay" });
    if (second % 5 === 0) await provider.forceFlush();
  }
  await provider.shutdown();
}

const query = async (metric: string, aggregation: string, step: number) => {
  const result = (await rt.as(owner, "metrics.query", {
    metric,
    from: new Date(start).toISOString(),
    to: new Date(start + MINUTES * 60_000).toISOString(),
    step,
    aggregation,
  })) as OperationOutput<"metrics.query">;
  return result.series.flatMap((s) => s.points.map((p) => p.value));
};

describe("OTLP DELTA metrics from the OpenTelemetry JS SDK", () => {
  for (const [encoding, Exporter] of [
    ["json", OtlpJsonExporter],
    ["proto", OtlpProtoExporter],
  ] as const) {
    it(`gives ${encoding} delta counters their rate and delta histograms their quantiles`, async () => {
      const name = `d${encoding}`;
      await exportDeltas(
        new Exporter({
          url: `${url}/v1/metrics`,
          headers: { authorization: `Bearer ${key}` },
          temporalityPreference: AggregationTemporalityPreference.DELTA,
        }),
        name,
      );
      vi.restoreAllMocks();
      // Each sample is one export's 50 requests, not a running total.
      expect(new Set(await query(`${name}_requests`, "max", 60))).toEqual(new Set([50]));
      // Raw samples (10 s steps) and the minute roll-up (60 s).
      for (const step of [10, 60]) {
        const rates = await query(`${name}_requests`, "rate", step);
        expect(rates).toHaveLength((MINUTES * 60) / step - 1);
        for (const rate of rates) expect(rate).toBeCloseTo(10);
        const counts = await query(`${name}_latency_count`, "rate", step);
        for (const rate of counts) expect(rate).toBeCloseTo(4);
        // p50: rank 2 of 4 a second, in (10, 100] holding 3; p95: rank 3.8, in (100, 1000].
        const p50 = await query(`${name}_latency_bucket`, "p50", step);
        expect(p50).toHaveLength((MINUTES * 60) / step - 1);
        for (const q of p50) expect(q).toBeCloseTo(10 + 90 * (2 / 3));
        for (const q of await query(`${name}_latency_bucket`, "p95", step))
          expect(q).toBeCloseTo(100 + 900 * 0.8);
      }
    });
  }
});

describe("temporality in OTLP/JSON", () => {
  it("marks delta sums and histograms, by number or enum name, and nothing else", () => {
    const source = { workspaceId: "w", defaultService: "svc", resourceId: null } as IngestSource;
    const point = { asInt: "5", count: "1", sum: 2, bucketCounts: ["1"], explicitBounds: [] };
    const metrics = [
      { name: "a", sum: { aggregationTemporality: 1, dataPoints: [point] } },
      {
        name: "b",
        sum: { aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA", dataPoints: [point] },
      },
      { name: "c", sum: { aggregationTemporality: 2, dataPoints: [point] } },
      { name: "d", gauge: { dataPoints: [point] } },
      { name: "e", histogram: { aggregationTemporality: 1, dataPoints: [point] } },
      { name: "f", summary: { dataPoints: [point] } },
    ];
    const samples = samplesFromOtlpMetrics(
      { resourceMetrics: [{ scopeMetrics: [{ metrics }] }] },
      source,
      new Date(),
    );
    const deltas = samples.filter((s) => s.isDelta).map((s) => s.name);
    expect(deltas).toEqual(["a", "b", "e_count", "e_sum", "e_bucket"]);
  });
});
