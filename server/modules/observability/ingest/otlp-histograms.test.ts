import { type DiagLogger, DiagLogLevel, diag } from "@opentelemetry/api";
import { OTLPMetricExporter as OtlpJsonExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as OtlpProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationType,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { listen, makeKey } from "./ingest.testkit.ts";

let rt: TestRuntime;
let owner: Caller;
let app: FastifyInstance;
let url: string;
let key: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  owner = (await createOwner(rt, "histograms@example.com", "Histograms")).caller;
  key = (await makeKey(rt, owner, { name: "collector", defaultService: "fallback" })).key;
  ({ app, url } = await listen(rt));
});
afterAll(async () => {
  diag.disable();
  await app?.close();
  await rt?.close();
});

/** What the SDK logs of the answer: it warns with the partialSuccess it was sent. */
const warnings: string[] = [];
const logger: DiagLogger = {
  error: () => {},
  warn: (...args: unknown[]) => warnings.push(args.map(String).join(" ")),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

/** An explicit histogram (bounds 10, 100, 1000) and an exponential one, as the SDK exports them. */
async function exportWith(exporter: OtlpJsonExporter | OtlpProtoExporter, name: string) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "shop" }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
    views: [
      {
        instrumentName: `${name}_latency`,
        aggregation: {
          type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
          options: { boundaries: [10, 100, 1000] },
        },
      },
      {
        instrumentName: `${name}_exp`,
        aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM },
      },
    ],
  });
  const meter = provider.getMeter("histograms-test");
  const latency = meter.createHistogram(`${name}_latency`);
  for (const ms of [5, 50, 60, 500, 5000]) latency.record(ms, { route: "/pay" });
  const exp = meter.createHistogram(`${name}_exp`);
  for (const v of [0, 0.5, 1, 3, 3, 100]) exp.record(v);
  await provider.forceFlush();
  await provider.shutdown();
}

const latest = async (metric: string, groupBy: string[] = []) => {
  const now = Date.now();
  const result = (await rt.as(owner, "metrics.query", {
    metric,
    from: new Date(now - 3_600_000).toISOString(),
    to: new Date(now + 60_000).toISOString(),
    step: 60,
    aggregation: "max",
    groupBy,
  })) as OperationOutput<"metrics.query">;
  return Object.fromEntries(
    result.series.map((s) => [groupBy.map((g) => s.labels[g]).join(","), s.points.at(-1)!.value]),
  );
};

describe("OTLP histograms from the OpenTelemetry JS SDK", () => {
  for (const [encoding, Exporter] of [
    ["json", OtlpJsonExporter],
    ["proto", OtlpProtoExporter],
  ] as const) {
    it(`keeps ${encoding} explicit and exponential buckets as cumulative _bucket{le}`, async () => {
      warnings.length = 0;
      diag.setLogger(logger, DiagLogLevel.WARN);
      const name = `h${encoding}`;
      await exportWith(
        new Exporter({ url: `${url}/v1/metrics`, headers: { authorization: `Bearer ${key}` } }),
        name,
      );
      diag.disable();
      expect(await latest(`${name}_latency_bucket`, ["le"])).toEqual({
        "10": 1,
        "100": 3,
        "1000": 4,
        "+Inf": 5,
      });
      expect(await latest(`${name}_latency_count`)).toEqual({ "": 5 });
      expect(await latest(`${name}_latency_sum`)).toEqual({ "": 5615 });
      expect(await latest(`${name}_exp_count`)).toEqual({ "": 6 });
      expect(await latest(`${name}_exp_sum`)).toEqual({ "": 107.5 });
      // The SDK's fine scale merged to powers of two: 0 in the zero bucket, 0.5 and 1 on their
      // bounds (upper bounds are inclusive), 3 twice in (2, 4], 100 in (64, 128].
      expect(await latest(`${name}_exp_bucket`, ["le"])).toEqual({
        "0": 1,
        "0.5": 2,
        "1": 3,
        "2": 3,
        "4": 5,
        "8": 5,
        "16": 5,
        "32": 5,
        "64": 5,
        "128": 6,
        "+Inf": 6,
      });
      expect(warnings.filter((w) => w.includes("Partial Success"))).toEqual([]);
    });
  }

  it("answers a fully kept export with no partialSuccess, and counts points of unnamed metrics as rejected", async () => {
    const post = (metrics: unknown[]) =>
      fetch(`${url}/v1/metrics`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics }] }] }),
      }).then((r) => r.json());
    const gauge = { dataPoints: [{ asDouble: 1 }, { asDouble: 2 }] };
    expect(await post([{ name: "kept", gauge }])).toEqual({});
    expect(await post([{ name: "kept", gauge }, { gauge }])).toEqual({
      partialSuccess: {
        rejectedDataPoints: "2",
        errorMessage: "2 data points of metrics without a name were dropped.",
      },
    });
  });
});
