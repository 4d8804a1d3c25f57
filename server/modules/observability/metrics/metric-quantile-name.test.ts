// A quantile asked of a histogram by the name it was sent under (OTLP stores `<name>_bucket`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { OperationOutput } from "../../../adapters/client.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";

type Result = OperationOutput<"metrics.query">;

let rt: TestRuntime;
let owner: Caller;
const t0 = Date.UTC(2026, 10, 24, 0, 0, 0);
const query = (input: Record<string, unknown>) =>
  rt.as(owner, "metrics.query", {
    from: new Date(t0).toISOString(),
    to: new Date(t0 + 3_600_000).toISOString(),
    step: 300,
    ...input,
  }) as Promise<Result>;

beforeAll(async () => {
  rt = await createTestRuntime();
  const o = await createOwner(rt, "quantile-name@example.com", "Quantile name");
  owner = o.caller;
  const samples: MetricSample[] = [];
  // qa_latency_ms as OTLP histograms are kept: 10 a second, half ≤ 100 ms, all ≤ 500 ms.
  for (let sec = 0; sec < 3600; sec += 15) {
    for (const [le, share] of [
      ["100", 0.5],
      ["500", 1],
      ["+Inf", 1],
    ] as const)
      samples.push({
        workspaceId: o.workspaceId,
        name: "qa_latency_ms_bucket",
        labels: { le },
        time: new Date(t0 + sec * 1000),
        value: 10 * share * sec,
        resourceId: null,
      });
    for (const name of ["qa_latency_ms_count", "qa_latency_ms_sum"])
      samples.push({
        workspaceId: o.workspaceId,
        name,
        labels: {},
        time: new Date(t0 + sec * 1000),
        value: 10 * sec,
        resourceId: null,
      });
  }
  await insertSamples(rt.database.db, samples);
});
afterAll(async () => {
  await rt?.close();
});

describe("a quantile of a histogram by its sent name", () => {
  it("reads the name's _bucket series and says which metric it read", async () => {
    const byName = await query({ metric: "qa_latency_ms", aggregation: "p95" });
    const byBuckets = await query({ metric: "qa_latency_ms_bucket", aggregation: "p95" });
    expect(byName.metric).toBe("qa_latency_ms_bucket");
    expect(byName.series).toEqual(byBuckets.series);
    expect(byName.series[0]!.points.length).toBeGreaterThan(0);
    expect(byBuckets.metric).toBeUndefined();
  });

  it("reads only the name asked for other aggregations, and when no _bucket series exist", async () => {
    expect((await query({ metric: "qa_latency_ms", aggregation: "avg" })).series).toEqual([]);
    const none = await query({ metric: "unknown_thing", aggregation: "p95" });
    expect(none).toMatchObject({ series: [] });
    expect(none.metric).toBeUndefined();
  });
});
