import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OTLPMetricExporter as OtlpJsonExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as OtlpProtoExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { eventually, freePort, listen, makeKey } from "../ingest/ingest.testkit.ts";
import { enforceMetricRetention } from "./metric-retention.ts";
import { insertSamples } from "./metric-store.ts";

interface Result {
  source: string;
  series: Array<{
    labels: Record<string, string | null>;
    points: Array<{ time: string; value: number }>;
  }>;
}

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;
let app: FastifyInstance;
let url: string;
let key: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "metrics@example.com", "Metrics");
  owner = o.caller;
  workspaceId = o.workspaceId;
  key = (await makeKey(rt, owner, { name: "collector", defaultService: "fallback" })).key;
  ({ app, url } = await listen(rt));
});
afterAll(async () => {
  await app?.close();
  await rt?.close();
});

const query = (input: Record<string, unknown>) =>
  rt.as(owner, "metrics.query", input) as Promise<Result>;

describe("metrics.query over raw samples and roll-ups", () => {
  const t0 = Date.UTC(2026, 10, 24, 0, 0, 0);
  beforeAll(async () => {
    // Two hosts, one sample every 30 s for two hours: host a at 10, host b at 30 + minute.
    const samples = [];
    for (let s = 0; s < 240; s++) {
      const time = new Date(t0 + s * 30_000);
      const minute = Math.floor(s / 2);
      samples.push(
        {
          workspaceId,
          name: "cpu_usage",
          labels: { host: "a", service: "web" },
          time,
          value: 10,
          resourceId: null,
        },
        {
          workspaceId,
          name: "cpu_usage",
          labels: { service: "web", host: "b" },
          time,
          value: 30 + minute,
          resourceId: null,
        },
      );
    }
    await insertSamples(rt.database.db, samples);
  });
  const period = {
    from: new Date(t0).toISOString(),
    to: new Date(t0 + 2 * 3_600_000).toISOString(),
  };

  it("groups by a label with the hourly roll-up", async () => {
    const r = await query({
      metric: "cpu_usage",
      ...period,
      step: 3600,
      aggregation: "avg",
      groupBy: ["host"],
    });
    expect(r.source).toBe("rollup_1h");
    const b = r.series.find((s) => s.labels.host === "b")!;
    // Minutes 0..59 average 29.5, plus 30.
    expect(b.points.map((p) => p.value)).toEqual([59.5, 119.5]);
    expect(r.series.find((s) => s.labels.host === "a")!.points.map((p) => p.value)).toEqual([
      10, 10,
    ]);
  });

  it("sums series per step from the minute roll-up and counts samples", async () => {
    const sum = await query({ metric: "cpu_usage", ...period, step: 600, aggregation: "sum" });
    expect(sum.source).toBe("rollup_1m");
    expect(sum.series).toHaveLength(1);
    expect(sum.series[0]!.points[0]!.value).toBeCloseTo(10 + 30 + 4.5);
    const count = await query({ metric: "cpu_usage", ...period, step: 600, aggregation: "count" });
    expect(count.series[0]!.points[0]!.value).toBe(40);
    const max = await query({
      metric: "cpu_usage",
      ...period,
      step: 3600,
      aggregation: "max",
      where: { host: "b" },
    });
    expect(max.series[0]!.points.map((p) => p.value)).toEqual([89, 149]);
  });

  it("reads raw samples for short steps and refuses too many points", async () => {
    const r = await query({ metric: "cpu_usage", ...period, step: 30, aggregation: "min" });
    expect(r.source).toBe("raw");
    expect(r.series[0]!.points).toHaveLength(240);
    await expect(
      query({ metric: "cpu_usage", from: period.from, to: "2026-12-24T00:00:00Z", step: 1 }),
    ).rejects.toMatchObject({
      details: { field: "step" },
    });
  });

  it("expires raw samples and minute roll-ups after the workspace's retention, keeps hourly", async () => {
    await rt.as(owner, "observability.settings.set", { metricRetentionDays: 7 });
    // 24 Nov + 40 days: past the 30-day default every workspace keeps, so the day is dropped.
    const result = await enforceMetricRetention(rt.database.db, new Date(Date.UTC(2027, 0, 3)));
    expect(result.droppedPartitions).toContain("metric_samples_p20261124");
    const period2 = { ...period, aggregation: "avg" };
    expect((await query({ metric: "cpu_usage", ...period2, step: 30 })).series).toHaveLength(0);
    expect((await query({ metric: "cpu_usage", ...period2, step: 60 })).series).toHaveLength(0);
    expect((await query({ metric: "cpu_usage", ...period2, step: 3600 })).series).toHaveLength(1);
  });

  it("lists metric names and label values", async () => {
    const names = (await rt.as(owner, "metrics.names", {})) as Array<{
      name: string;
      series: number;
    }>;
    expect(names).toContainEqual({ name: "cpu_usage", series: 2 });
    const labels = (await rt.as(owner, "metrics.labels", { metric: "cpu_usage" })) as Array<{
      name: string;
      values: string[];
    }>;
    expect(labels).toContainEqual({ name: "host", values: ["a", "b"] });
  });
});

async function exportWith(exporter: OtlpJsonExporter | OtlpProtoExporter, name: string) {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ "service.name": "billing" }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })],
  });
  const meter = provider.getMeter("metrics-test");
  const counter = meter.createCounter(`${name}_requests`);
  counter.add(3, { route: "/pay" });
  counter.add(4, { route: "/pay" });
  meter.createHistogram(`${name}_latency`).record(120, { route: "/pay" });
  await provider.forceFlush();
  await provider.shutdown();
}

describe("OTLP/HTTP metrics from the OpenTelemetry JS SDK", () => {
  for (const [encoding, Exporter] of [
    ["json", OtlpJsonExporter],
    ["proto", OtlpProtoExporter],
  ] as const) {
    it(`stores ${encoding} exports: sums as samples, histograms as _count and _sum`, async () => {
      const exporter = new Exporter({
        url: `${url}/v1/metrics`,
        headers: { authorization: `Bearer ${key}` },
      });
      await exportWith(exporter, `otlp${encoding}`);
      const now = Date.now();
      const period = {
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
      };
      const total = await query({
        metric: `otlp${encoding}_requests`,
        ...period,
        step: 60,
        aggregation: "max",
        groupBy: ["service", "route"],
      });
      expect(total.series).toHaveLength(1);
      expect(total.series[0]!.labels).toEqual({ service: "billing", route: "/pay" });
      expect(total.series[0]!.points.at(-1)!.value).toBe(7);
      const count = await query({
        metric: `otlp${encoding}_latency_count`,
        ...period,
        step: 60,
        aggregation: "max",
      });
      expect(count.series[0]!.points.at(-1)!.value).toBe(1);
      const sum = await query({
        metric: `otlp${encoding}_latency_sum`,
        ...period,
        step: 60,
        aggregation: "max",
      });
      expect(sum.series[0]!.points.at(-1)!.value).toBe(120);
    });
  }
});

describe("Prometheus remote_write from Debian's prometheus", () => {
  it("receives the samples of a real Prometheus scraping itself", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "gp-prom-"));
    const port = await freePort();
    writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global:",
        "  scrape_interval: 1s",
        "scrape_configs:",
        "  - job_name: prom-self",
        "    static_configs:",
        `      - targets: ["127.0.0.1:${port}"]`,
        "remote_write:",
        `  - url: ${url}/prometheus/api/v1/write`,
        "    authorization:",
        `      credentials: ${key}`,
        "    queue_config:",
        "      batch_send_deadline: 1s",
        "",
      ].join("\n"),
    );
    const prometheus = spawn(
      "/usr/bin/prometheus",
      [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: "ignore" },
    );
    try {
      const period = () => ({
        from: new Date(Date.now() - 600_000).toISOString(),
        to: new Date(Date.now() + 60_000).toISOString(),
      });
      await eventually(async () => {
        const r = await query({
          metric: "up",
          ...period(),
          step: 60,
          aggregation: "max",
          groupBy: ["job", "service"],
        });
        return r.series.some(
          (s) => s.labels.job === "prom-self" && s.points.some((p) => p.value === 1),
        );
      }, 60_000);
      const up = await query({
        metric: "up",
        ...period(),
        step: 60,
        aggregation: "max",
        groupBy: ["job", "service"],
      });
      expect(up.series[0]!.labels).toEqual({ job: "prom-self", service: "prom-self" });
      const names = (await rt.as(owner, "metrics.names", { prefix: "prometheus_" })) as Array<{
        name: string;
      }>;
      expect(names.length).toBeGreaterThan(20);
    } finally {
      prometheus.kill("SIGTERM");
      await new Promise((resolve) => prometheus.once("exit", resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
