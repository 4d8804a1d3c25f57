// metrics.anomalies over stored samples: a request rate with a daily wave and noise, and a burst
// two hours ago. The engine learns the two days before the period, so the period's points are
// judged from its start; the burst scores high with the wave's value as what was expected; the
// wave itself and a steady series are ordinary.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";

type Judged = OperationOutput<"metrics.anomalies">;

const STEP_MS = 300_000;
const DAY_MS = 86_400_000;
let rt: TestRuntime;
let owner: Caller;
let now: number;
let burst: number;

/** Deterministic noise in [-1, 1]: the test never flakes. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 78.233) * 0.5;
/** The api's usual rate at a time: a daily wave between 20 and 180 requests a second. */
const wave = (t: number) => 100 + 80 * Math.sin((2 * Math.PI * t) / DAY_MS);

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "anomalies@example.com", "Anomalies");
  owner = o.caller;
  now = Math.floor(Date.now() / STEP_MS) * STEP_MS;
  burst = now - 24 * STEP_MS; // two hours ago
  const samples: MetricSample[] = [];
  for (let t = now - 3 * DAY_MS, i = 0; t < now; t += STEP_MS, i++) {
    const sample = (service: string, value: number) =>
      samples.push({
        workspaceId: o.workspaceId,
        name: "http_requests_per_second",
        labels: { service },
        time: new Date(t + 1000),
        value,
        resourceId: null,
      });
    sample("api", t === burst ? 5 * wave(t) : wave(t) + 4 * noise(i));
    sample("web", 50 + 2 * noise(i + 7));
  }
  await insertSamples(rt.database.db, samples);
}, 60_000);

afterAll(async () => {
  await rt?.close();
});

const judge = (input: Record<string, unknown>) =>
  rt.as(owner, "metrics.anomalies", {
    metric: "http_requests_per_second",
    aggregation: "avg",
    groupBy: ["service"],
    ...input,
  }) as Promise<Judged>;

describe("metrics.anomalies", () => {
  it("judges each point of the period against what the engine expected, the burst anomalous", async () => {
    const from = now - 6 * 3_600_000;
    const result = await judge({
      from: new Date(from).toISOString(),
      to: new Date(now).toISOString(),
      step: 300,
    });
    expect(new Date(result.historyFrom).getTime()).toBe(from - 2 * DAY_MS);
    const api = result.series.find((s) => s.labels.service === "api")!;
    const web = result.series.find((s) => s.labels.service === "web")!;
    expect(api.points).toHaveLength(72);
    expect(
      api.points.every((p) => !p.isWarmingUp && p.lower <= p.expected && p.expected <= p.upper),
    ).toBe(true);
    const spike = api.points.find((p) => new Date(p.time).getTime() === burst)!;
    expect(spike.score).toBeGreaterThan(0.9);
    expect(spike.value).toBeGreaterThan(spike.upper);
    // What it expected is the wave's value then, not the burst.
    expect(Math.abs(spike.expected - wave(burst))).toBeLessThan(0.15 * wave(burst));
    // The wave and its noise are ordinary; the burst is the api's only anomalous point.
    expect(api.anomalies).toBe(1);
    expect(web.anomalies).toBe(0);
    // The band widened by the burst stops at zero: a rate never went below it.
    const afterBurst = api.points.filter((p) => new Date(p.time).getTime() > burst);
    expect(Math.min(...afterBurst.map((p) => p.lower))).toBe(0);
  });

  it("learns nothing before the period when the period alone fills the query's bound", async () => {
    const result = await judge({
      from: new Date(now - 2000 * 60_000).toISOString(),
      to: new Date(now).toISOString(),
      step: 60,
    });
    expect(new Date(result.historyFrom).getTime()).toBe(now - 2000 * 60_000);
    expect(result.series.find((s) => s.labels.service === "api")!.points[0]!.isWarmingUp).toBe(
      true,
    );
  });
});
