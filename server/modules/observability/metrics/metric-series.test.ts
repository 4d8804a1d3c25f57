import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { rowsIn, sample } from "./metric-store.testing.ts";
import { insertSamples, labelsKeyOf, type MetricSample } from "./metric-store.ts";

/** insertSamples: which series a sample belongs to (the roll-ups are metric-store.test.ts's). */

let rt: TestRuntime;
let a: { caller: Caller; workspaceId: string };
let b: { caller: Caller; workspaceId: string };

beforeAll(async () => {
  rt = await createTestRuntime();
  a = await createOwner(rt, "series-a@example.com", "Series A");
  b = await createOwner(rt, "series-b@example.com", "Series B");
});
afterAll(async () => {
  await rt?.close();
});

const rows = <T>(query: ReturnType<typeof sql>) => rowsIn<T>(rt, query);

describe("insertSamples: series", () => {
  it("gives the same metric and labels in two workspaces their own series, even in one call", async () => {
    const t = Date.UTC(2026, 10, 21, 12, 0, 0);
    const labels = { job: "api", instance: "10.0.0.1:9100" };
    // Twice: the second call finds both ids in the cache, and must still not mix them.
    for (let round = 0; round < 2; round++)
      await insertSamples(rt.database.db, [
        sample(a.workspaceId, "shared_metric", labels, t + round * 1000, 1),
        sample(b.workspaceId, "shared_metric", labels, t + round * 1000, 1000),
      ]);
    await insertSamples(rt.database.db, [
      sample(b.workspaceId, "shared_metric", labels, t + 5000, 2000),
    ]);
    const series = await rows<{ id: string; workspace_id: string }>(
      sql`SELECT id, workspace_id FROM metric_series WHERE name = 'shared_metric'`,
    );
    expect(series.map((s) => s.workspace_id).sort()).toEqual([a.workspaceId, b.workspaceId].sort());
    // Every sample and roll-up row belongs to a series of its own workspace.
    const crossed = await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM (
            SELECT workspace_id, series_id FROM metric_samples
            UNION ALL SELECT workspace_id, series_id FROM metric_rollup_1m
            UNION ALL SELECT workspace_id, series_id FROM metric_rollup_1h) x
          JOIN metric_series s ON s.id = x.series_id WHERE s.workspace_id <> x.workspace_id`,
    );
    expect(crossed[0]!.n).toBe(0);
    const period = {
      metric: "shared_metric",
      from: new Date(t).toISOString(),
      to: new Date(t + 60_000).toISOString(),
      step: 60,
      aggregation: "count",
    };
    const count = async (caller: Caller) =>
      (
        (await rt.as(caller, "metrics.query", period)) as {
          series: Array<{ points: Array<{ value: number }> }>;
        }
      ).series[0]!.points[0]!.value;
    expect(await count(a.caller)).toBe(2);
    expect(await count(b.caller)).toBe(3);
  });

  it("stores label sets exactly, whatever their characters, one series per set in any order", async () => {
    const t = Date.UTC(2026, 10, 21, 13, 0, 0);
    const odd = { path: '/a,b/"c"\\d {e}', note: "日本 ü", empty: "", nul: "NULL" };
    const reordered = Object.fromEntries(Object.entries(odd).reverse());
    await insertSamples(rt.database.db, [
      sample(a.workspaceId, "odd_labels", odd, t, 1),
      sample(a.workspaceId, "odd_labels", reordered, t + 1000, 2),
    ]);
    const stored = await rows<{ labels: Record<string, string> }>(
      sql`SELECT labels FROM metric_series WHERE workspace_id = ${a.workspaceId} AND name = 'odd_labels'`,
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.labels).toEqual(odd);
  });

  it("keys runs of one series' samples once and still tells series apart", async () => {
    // remote_write hands over each series' samples together, sharing one label object.
    const t = Date.UTC(2026, 10, 21, 15);
    const shared = { job: "node", instance: "a" };
    const other = { job: "node", instance: "b" };
    const run: MetricSample[] = [
      ...[0, 1, 2].map((k) => sample(b.workspaceId, "run_metric", shared, t + k * 1000, k)),
      // Same labels object, another metric; then another workspace; then other labels.
      sample(b.workspaceId, "run_metric_2", shared, t, 10),
      sample(a.workspaceId, "run_metric_2", shared, t, 20),
      ...[0, 1].map((k) => sample(a.workspaceId, "run_metric_2", other, t + k * 1000, 30 + k)),
      sample(b.workspaceId, "run_metric", { ...shared }, t + 5000, 5),
    ];
    await insertSamples(rt.database.db, run);
    const stored = await rows<{ ws: string; name: string; instance: string; n: number }>(
      sql`SELECT m.workspace_id AS ws, m.name, m.labels->>'instance' AS instance, count(*)::int AS n
          FROM metric_samples s JOIN metric_series m ON m.id = s.series_id AND m.workspace_id = s.workspace_id
          WHERE m.name LIKE 'run_metric%' GROUP BY 1, 2, 3`,
    );
    const asText = (r: object) => JSON.stringify(r);
    expect(stored.map(asText).sort()).toEqual(
      [
        { ws: b.workspaceId, name: "run_metric", instance: "a", n: 4 },
        { ws: a.workspaceId, name: "run_metric_2", instance: "a", n: 1 },
        { ws: b.workspaceId, name: "run_metric_2", instance: "a", n: 1 },
        { ws: a.workspaceId, name: "run_metric_2", instance: "b", n: 2 },
      ]
        .map(asText)
        .sort(),
    );
  });

  it("uses a series another writer created instead of making a second one", async () => {
    const id = randomUUID();
    await rt.database.db.execute(
      sql`INSERT INTO metric_series (id, workspace_id, name, labels, labels_key)
          VALUES (${id}, ${b.workspaceId}, 'made_elsewhere', '{"x":"1"}', '{"x":"1"}')`,
    );
    await insertSamples(rt.database.db, [
      sample(b.workspaceId, "made_elsewhere", { x: "1" }, Date.UTC(2026, 10, 21, 14), 5),
    ]);
    const stored = await rows<{ series_id: string }>(
      sql`SELECT series_id FROM metric_samples s JOIN metric_series m ON m.id = s.series_id
          WHERE m.name = 'made_elsewhere'`,
    );
    expect(stored).toEqual([{ series_id: id }]);
  });
});

describe("labelsKeyOf", () => {
  it("writes the key the object-based canonical form gave, so stored series keep matching", () => {
    const byObject = (labels: Record<string, string>) =>
      JSON.stringify(
        Object.fromEntries(Object.entries(labels).sort(([x], [y]) => (x < y ? -1 : 1))),
      );
    const cases: Record<string, string>[] = [
      {},
      { service: "web", host: "a" },
      { z: 'q"uote', a: "back\\slash", m: "line\nbreak", é: "日本", "": "empty name" },
      { "10": "ten", "9": "nine", b: "bee", "1a": "one-a" },
      { __proto__x: "p", constructor: "c", toString: "t" },
    ];
    for (const labels of cases) expect(labelsKeyOf(labels)).toBe(byObject(labels));
  });
});
