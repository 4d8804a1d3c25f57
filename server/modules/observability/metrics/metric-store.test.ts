import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { insertSamples, labelsKeyOf, type MetricSample } from "./metric-store.ts";

let rt: TestRuntime;
let a: { caller: Caller; workspaceId: string };
let b: { caller: Caller; workspaceId: string };

beforeAll(async () => {
  rt = await createTestRuntime();
  a = await createOwner(rt, "store-a@example.com", "Store A");
  b = await createOwner(rt, "store-b@example.com", "Store B");
});
afterAll(async () => {
  await rt?.close();
});

const rows = async <T>(query: ReturnType<typeof sql>) =>
  rowsOf<T>(await rt.database.db.execute(query));

const sample = (
  workspaceId: string,
  name: string,
  labels: Record<string, string>,
  time: number,
  value: number,
): MetricSample => ({ workspaceId, name, labels, time: new Date(time), value, resourceId: null });

interface Rollup {
  series_id: string;
  bucket: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** A roll-up table's rows for a workspace, and the same computed from the raw samples. */
async function rollupAndRaw(table: "metric_rollup_1m" | "metric_rollup_1h", workspaceId: string) {
  const unit = table === "metric_rollup_1m" ? "minute" : "hour";
  const stored = await rows<Rollup>(
    sql`SELECT series_id, bucket::text, count, sum, min, max FROM ${sql.raw(table)}
        WHERE workspace_id = ${workspaceId} ORDER BY series_id, bucket`,
  );
  const raw = await rows<Rollup>(
    sql`SELECT series_id, date_trunc(${unit}, time)::text AS bucket, count(*)::int AS count,
          sum(value) AS sum, min(value) AS min, max(value) AS max
        FROM metric_samples WHERE workspace_id = ${workspaceId}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return { stored, raw };
}

describe("insertSamples", () => {
  it("keeps roll-ups equal to what the raw samples give, across batches written at once", async () => {
    const t0 = Date.UTC(2026, 10, 20, 9, 58, 0);
    const all: MetricSample[] = [];
    // 12 series, one sample every 7 s for 2.5 hours: buckets straddle batches and the hour.
    for (let s = 0; s < 12; s++)
      for (let k = 0; k < 1300; k++)
        all.push(
          sample(
            a.workspaceId,
            `rollup_check_${s % 3}`,
            { host: `h${s}` },
            t0 + k * 7_000,
            ((k * 37 + s * 11) % 101) / 4 - 10,
          ),
        );
    // Shuffled deterministically, then written as batches of uneven size, three at a time.
    all.sort(
      (x, y) =>
        ((x.value * 997 + x.time.getTime()) % 13) - ((y.value * 997 + y.time.getTime()) % 13),
    );
    const batches: MetricSample[][] = [];
    for (let i = 0, size = 500; i < all.length; i += size, size = 300 + ((size * 7) % 900))
      batches.push(all.slice(i, i + size));
    for (let i = 0; i < batches.length; i += 3)
      await Promise.all(
        batches.slice(i, i + 3).map((batch) => insertSamples(rt.database.db, batch)),
      );

    for (const table of ["metric_rollup_1m", "metric_rollup_1h"] as const) {
      const { stored, raw } = await rollupAndRaw(table, a.workspaceId);
      expect(stored.length).toBe(raw.length);
      expect(stored.reduce((n, r) => n + r.count, 0)).toBe(all.length);
      stored.forEach((r, i) => {
        const want = raw[i]!;
        expect([r.series_id, r.bucket, r.count, r.min, r.max]).toEqual([
          want.series_id,
          want.bucket,
          want.count,
          want.min,
          want.max,
        ]);
        expect(r.sum).toBeCloseTo(want.sum, 9);
      });
    }
  });

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
