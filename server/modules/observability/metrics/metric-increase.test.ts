// Counters and histograms in metrics.query: per-second rates (restarts counted from zero) and
// quantiles interpolated within histogram buckets, as PromQL's rate and histogram_quantile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { histogramQuantile } from "./metric-increase.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";

type Result = OperationOutput<"metrics.query">;

let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

const t0 = Date.UTC(2026, 10, 24, 0, 0, 0);
const hour = { from: new Date(t0).toISOString(), to: new Date(t0 + 3_600_000).toISOString() };
const query = (input: Record<string, unknown>) =>
  rt.as(owner, "metrics.query", { ...hour, ...input }) as Promise<Result>;
const values = (r: Result, i = 0) => r.series[i]!.points.map((p) => p.value);

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "counters@example.com", "Counters");
  owner = o.caller;
  workspaceId = o.workspaceId;
  const samples: MetricSample[] = [];
  const sample = (name: string, labels: Record<string, string>, sec: number, value: number) =>
    samples.push({
      workspaceId,
      name,
      labels,
      time: new Date(t0 + sec * 1000),
      value,
      resourceId: null,
    });
  for (let sec = 0; sec < 3600; sec += 15) {
    // Host a counts 2 requests a second; host b 1 a second, and restarts at 30 minutes.
    sample("http_requests_total", { host: "a" }, sec, 2 * sec);
    sample("http_requests_total", { host: "b" }, sec, sec < 1800 ? sec : sec - 1800);
    // Host c counts 2 a second too, but its scrapes at 30:15 and 30:30 are missing.
    if (sec !== 1815 && sec !== 1830) sample("cpu_seconds_total", { host: "c" }, sec, 2 * sec);
    // Host d counts 1 a second and restarts at 31:30.
    sample("cpu_seconds_total", { host: "d" }, sec, sec < 1890 ? sec : sec - 1890);
    // Host e sends 2 bytes a second, but nothing in the minute from 29:00: the step of 5
    // minutes from 25:00 ends without its last minute.
    if (sec < 1740 || sec >= 1800) sample("bytes_total", { host: "e" }, sec, 2 * sec);
    // Latencies of two services: 10 a second (20 for web), 40 % ≤ 0.1 s, 80 % ≤ 0.5 s,
    // 90 % ≤ 1 s, the rest slower.
    for (const [service, rate] of [
      ["api", 10],
      ["web", 20],
    ] as const)
      for (const [le, share] of [
        ["0.1", 0.4],
        ["0.5", 0.8],
        ["1", 0.9],
        ["+Inf", 1],
      ] as const)
        sample("latency_seconds_bucket", { service, le }, sec, rate * share * sec);
  }
  // Uptime, scraped once a minute for two and a half hours: the third hour is half over.
  for (let sec = 0; sec < 9000; sec += 60) sample("uptime_seconds_total", {}, sec, sec);
  await insertSamples(rt.database.db, samples);
});
afterAll(async () => {
  await rt?.close();
});

describe("rate", () => {
  it("adds up the counters' per-second increase, a restart counted from zero", async () => {
    for (const step of [30, 60, 300]) {
      const r = await query({ metric: "http_requests_total", step, aggregation: "rate" });
      // The first step has no step before it in the period: it has no rate.
      expect(r.series[0]!.points).toHaveLength(3600 / step - 1);
      const restart = (t0 + 1800_000) / 1000;
      for (const p of r.series[0]!.points) {
        const at = new Date(p.time).getTime() / 1000;
        // At the restart, b's last 15 s before it are lost (as with PromQL's rate).
        if (at === restart) expect(p.value).toBeCloseTo(3 - 15 / step);
        else expect(p.value).toBeCloseTo(3);
      }
    }
  });

  it("keeps each group's own rate", async () => {
    const r = await query({
      metric: "http_requests_total",
      step: 600,
      aggregation: "rate",
      groupBy: ["host"],
    });
    const a = r.series.find((s) => s.labels.host === "a")!;
    expect(a.points.map((p) => p.value)).toEqual([2, 2, 2, 2, 2]);
  });
});

describe("rate over missed scrapes", () => {
  it("holds a steady counter's rate through scrapes missed at a step's end", async () => {
    // Steps [30:00, 30:30) and [30:30, 31:00) end 30 s and 15 s after their last samples: each
    // rate is over the seconds between the samples it differences, not between the steps.
    const r = await query({
      metric: "cpu_seconds_total",
      step: 30,
      aggregation: "rate",
      where: { host: "c" },
    });
    expect(r.series[0]!.points).toHaveLength(119);
    for (const p of r.series[0]!.points) expect(p.value).toBeCloseTo(2);
  });

  it("counts a restart within a step, at steps no multiple of the scrape interval", async () => {
    // 50 s steps hold three or four samples: each rate is over the seconds its samples span.
    // The step from 30:50 holds 31:00, 31:15 and the restart at 31:30 (0): the 15 s before the
    // restart are lost, as with PromQL's rate, and the 15 after it count in the next step.
    const r = await query({
      metric: "cpu_seconds_total",
      step: 50,
      aggregation: "rate",
      where: { host: "d" },
    });
    for (const p of r.series[0]!.points)
      expect(p.value).toBeCloseTo(p.time === new Date(t0 + 1_850_000).toISOString() ? 2 / 3 : 1);
  });

  it("gives a step still filling at the range's end the rate so far", async () => {
    // Until 30:10, the step from 30:00 holds one sample, 15 s after the step before's last.
    const r = await query({
      metric: "http_requests_total",
      to: new Date(t0 + 1_810_000).toISOString(),
      step: 30,
      aggregation: "rate",
      where: { host: "a" },
    });
    expect(r.series[0]!.points.at(-1)).toEqual({
      time: new Date(t0 + 1_800_000).toISOString(),
      value: 2,
    });
  });
});

describe("rate over roll-ups", () => {
  // Steps of whole minutes read the minute roll-up, of whole hours the hourly one: a bucket's
  // count, sum, min, max and latest sample time, not its samples.
  it("gives a step still filling at the range's end the rate so far", async () => {
    // Until 31:40, the step from 30:00 holds the minutes 30 and 31, up to the sample at 31:45.
    const r = await query({
      metric: "http_requests_total",
      to: new Date(t0 + 1_900_000).toISOString(),
      step: 300,
      aggregation: "rate",
      where: { host: "a" },
    });
    expect(values(r)).toEqual([2, 2, 2, 2, 2, 2]);
    // Until 2:30, the hour from 2:00 holds half an hour of uptime.
    const hours = await query({
      metric: "uptime_seconds_total",
      to: new Date(t0 + 3 * 3_600_000).toISOString(),
      step: 3600,
      aggregation: "rate",
    });
    expect(hours.series[0]!.points).toEqual([
      { time: new Date(t0 + 3_600_000).toISOString(), value: 1 },
      { time: new Date(t0 + 7_200_000).toISOString(), value: 1 },
    ]);
  });

  it("holds a steady counter's rate through a minute missed at a step's end", async () => {
    const r = await query({ metric: "bytes_total", step: 300, aggregation: "rate" });
    expect(r.series[0]!.points).toHaveLength(11);
    for (const p of r.series[0]!.points) expect(p.value).toBeCloseTo(2);
  });

  it("reads the open minutes' samples at the right edge of until now", async () => {
    // The last 20 minutes: the minutes before the store's first open one are rolled up, the
    // rest (the current minute, still filling) read from the samples.
    const now = Date.now();
    const start = Math.floor(now / 15_000) * 15_000 - 1_200_000;
    const recent: MetricSample[] = [];
    for (let ms = start; ms <= now; ms += 15_000)
      recent.push({
        workspaceId,
        name: "recent_requests_total",
        labels: {},
        time: new Date(ms),
        value: 11 * ((ms - start) / 1000),
        resourceId: null,
      });
    await insertSamples(rt.database.db, recent);
    const r = await query({
      metric: "recent_requests_total",
      from: new Date(start + 120_000).toISOString(),
      to: new Date(now).toISOString(),
      step: 60,
      aggregation: "rate",
    });
    expect(values(r).length).toBeGreaterThan(15);
    for (const v of values(r)) expect(v).toBeCloseTo(11);
  });
});

describe("histogram quantiles", () => {
  it("interpolates within the bucket the quantile falls in, per group", async () => {
    const p50 = await query({
      metric: "latency_seconds_bucket",
      step: 300,
      aggregation: "p50",
      groupBy: ["service"],
    });
    expect(p50.series.map((s) => s.labels.service).sort()).toEqual(["api", "web"]);
    for (const s of p50.series) for (const p of s.points) expect(p.value).toBeCloseTo(0.2);
    const p90 = await query({ metric: "latency_seconds_bucket", step: 300, aggregation: "p90" });
    expect(values(p90).every((v) => Math.abs(v - 1) < 1e-9)).toBe(true);
    // Past the last finite bound: that bound, as PromQL answers.
    const p99 = await query({ metric: "latency_seconds_bucket", step: 300, aggregation: "p99" });
    expect(values(p99).every((v) => v === 1)).toBe(true);
    expect(values(p99)).toHaveLength(11);
  });

  it("refuses a quantile of series without le, and grouping by le", async () => {
    await expect(
      query({ metric: "http_requests_total", step: 300, aggregation: "p95" }),
    ).rejects.toMatchObject({ details: { field: "aggregation" } });
    await expect(
      query({ metric: "latency_seconds_bucket", step: 300, aggregation: "p95", groupBy: ["le"] }),
    ).rejects.toMatchObject({ details: { field: "groupBy" } });
  });

  it("follows histogram_quantile on its edge cases", () => {
    const inf = Number.POSITIVE_INFINITY;
    expect(histogramQuantile(0.5, [{ le: 1, count: 5 }])).toBeNaN(); // no +Inf bucket
    expect(
      histogramQuantile(0.5, [
        { le: 1, count: 0 },
        { le: inf, count: 0 },
      ]),
    ).toBeNaN(); // nothing observed
    // A first bucket with a positive bound interpolates from 0.
    expect(
      histogramQuantile(0.25, [
        { le: 2, count: 4 },
        { le: inf, count: 4 },
      ]),
    ).toBe(0.5);
    // Counts read a moment apart that dip are made monotonic first, the caller's left as given.
    const dipping = [
      { le: 1, count: 6 },
      { le: 2, count: 5 },
      { le: inf, count: 10 },
    ];
    expect(histogramQuantile(0.5, dipping)).toBeCloseTo(5 / 6);
    expect(dipping[1]).toEqual({ le: 2, count: 5 });
  });
});
