// Capacity forecasts over stored samples: a disk filling at a known rate under a daily wave and
// noise is forecast to fill when it will; a steady or receding series is not; a clean-up spike
// does not bend the trend; too little history gives no forecast rather than a guess.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { theilSen } from "./forecast.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";

type Forecast = {
  series: {
    labels: Record<string, string | null>;
    daysLeft: number | null;
    trend: string;
    breached: boolean;
    slopePerDay: number;
    confidence: number;
    explanation: string;
  }[];
  seriesWithTooLittleHistory: number;
};

const GB = 1e9;
const HOUR = 3_600_000;
let rt: TestRuntime;
let owner: Caller;
let workspaceId: string;

/** Deterministic noise in [-1, 1]: the test never flakes. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 78.233) * 0.5;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "forecast@example.com", "Forecasts");
  owner = o.caller;
  workspaceId = o.workspaceId;
  const now = Date.now();
  const samples: MetricSample[] = [];
  const add = (mount: string, i: number, value: number) =>
    samples.push({
      workspaceId,
      name: "node_filesystem_avail_bytes",
      labels: { instance: "web-1", mountpoint: mount },
      time: new Date(now - (14 * 24 - i) * HOUR),
      value,
      resourceId: null,
    });
  for (let i = 0; i < 14 * 24; i++) {
    const daysAgo = 14 - i / 24;
    const wave = 2 * GB * Math.sin((2 * Math.PI * i) / 24);
    // /data: 100 GB free now, losing 5 GB a day → full in 20 days.
    // A clean-up three days ago freed 30 GB for six hours (then the files came back).
    const cleanup = i >= 11 * 24 && i < 11 * 24 + 6 ? 30 * GB : 0;
    add("/data", i, 100 * GB + 5 * GB * daysAgo + wave + GB * noise(i) + cleanup);
    // /: steady at 40 GB.
    add("/", i, 40 * GB + 0.5 * GB * noise(i + 1000));
    // /logs: gaining free space (rotation got better).
    add("/logs", i, 10 * GB + 0.2 * GB * (14 - daysAgo));
  }
  // /tmp: two hours of history only.
  for (let i = 0; i < 3; i++)
    samples.push({
      workspaceId,
      name: "node_filesystem_avail_bytes",
      labels: { instance: "web-1", mountpoint: "/tmp" },
      time: new Date(now - (3 - i) * HOUR),
      value: 5 * GB - i * GB,
      resourceId: null,
    });
  await insertSamples(rt.database.db, samples);
});
afterAll(async () => {
  await rt?.close();
});

const forecast = (input: Record<string, unknown>) =>
  rt.as(owner, "metrics.forecast", {
    metric: "node_filesystem_avail_bytes",
    groupBy: ["mountpoint"],
    threshold: 0,
    direction: "below",
    ...input,
  }) as Promise<Forecast>;

describe("metrics.forecast", () => {
  it("forecasts when a filling disk is full, despite the daily wave, noise and a clean-up", async () => {
    const result = await forecast({});
    const data = result.series.find((s) => s.labels.mountpoint === "/data")!;
    expect(data.trend).toBe("falling");
    expect(data.slopePerDay / GB).toBeCloseTo(-5, 0);
    expect(data.daysLeft!).toBeGreaterThan(19);
    expect(data.daysLeft!).toBeLessThan(21);
    expect(data.confidence).toBeGreaterThan(0.8);
    expect(data.explanation).toMatch(/from 9\d\.\d\dG now to 0\.00 in (19|20)\.\d days/);
    // Soonest first: the only disk that fills leads.
    expect(result.series[0]?.labels.mountpoint).toBe("/data");
  });

  it("gives no crossing for a steady or receding series, and says why", async () => {
    const result = await forecast({});
    const root = result.series.find((s) => s.labels.mountpoint === "/")!;
    const logs = result.series.find((s) => s.labels.mountpoint === "/logs")!;
    expect(root.daysLeft).toBeNull();
    expect(logs.daysLeft).toBeNull();
    expect(logs.trend).toBe("rising");
    expect(logs.explanation).toMatch(/Not moving toward/);
  });

  it("does not forecast from two hours of history", async () => {
    const result = await forecast({});
    expect(result.series.some((s) => s.labels.mountpoint === "/tmp")).toBe(false);
    expect(result.seriesWithTooLittleHistory).toBe(1);
  });

  it("honours the horizon and reports a threshold already passed", async () => {
    const short = await forecast({ horizonDays: 10 });
    expect(short.series.find((s) => s.labels.mountpoint === "/data")?.daysLeft).toBeNull();
    const above = await forecast({ threshold: 200 * GB });
    expect(above.series.find((s) => s.labels.mountpoint === "/data")?.breached).toBe(true);
  });

  it("is scoped to the workspace", async () => {
    const other = await createOwner(rt, "forecast-other@example.com", "Elsewhere");
    const result = (await rt.as(other.caller, "metrics.forecast", {
      metric: "node_filesystem_avail_bytes",
      threshold: 0,
      direction: "below",
    })) as Forecast;
    expect(result.series).toEqual([]);
  });
});

describe("theilSen", () => {
  it("ignores a few wild points that would drag least squares", () => {
    const points = Array.from({ length: 50 }, (_, t) => ({ t, v: 3 * t + 7 }));
    points[10]!.v = 10_000;
    points[40]!.v = -10_000;
    const fit = theilSen(points)!;
    expect(fit.slope).toBeCloseTo(3, 6);
    expect(fit.intercept).toBeCloseTo(7, 6);
  });
});
