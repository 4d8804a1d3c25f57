import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { MetricSample } from "./metric-store.ts";
import { createMetricWriter } from "./metric-writer.ts";

let rt: TestRuntime;
let workspaceId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  workspaceId = (await createOwner(rt, "writer@example.com", "Writer")).workspaceId;
});
afterAll(async () => {
  await rt?.close();
});

const t = Date.UTC(2026, 10, 23, 8, 30);
const request = (r: number, labels: Record<string, string> = { host: `h${r}` }): MetricSample[] =>
  [0, 1, 2].map((k) => ({
    workspaceId,
    name: "writer_metric",
    labels,
    time: new Date(t + r * 1000 + k * 100),
    value: r * 10 + k,
    resourceId: null,
  }));

describe("metric writer", () => {
  it("commits concurrent requests together, folding a shared minute into one roll-up row", async () => {
    // A long linger, so the five requests are merged (the result is the same however batched).
    const writer = createMetricWriter(rt.database.db, { lingerMs: 200 });
    const shared = { host: "shared" };
    await Promise.all(
      [0, 1, 2, 3, 4].map((r) => writer.write(request(r, r < 3 ? shared : undefined))),
    );
    expect(writer.pendingSamples()).toBe(0);
    const minutes = rowsOf<{ host: string; count: number; sum: number; min: number; max: number }>(
      await rt.database.db.execute(sql`SELECT s.labels->>'host' AS host, r.count, r.sum, r.min, r.max
        FROM metric_rollup_1m r JOIN metric_series s ON s.id = r.series_id
        WHERE s.workspace_id = ${workspaceId} AND s.name = 'writer_metric' ORDER BY 1`),
    );
    expect(minutes).toEqual([
      { host: "h3", count: 3, sum: 93, min: 30, max: 32 },
      { host: "h4", count: 3, sum: 123, min: 40, max: 42 },
      { host: "shared", count: 9, sum: 0 + 1 + 2 + 10 + 11 + 12 + 20 + 21 + 22, min: 0, max: 22 },
    ]);
  });

  it("fails only the request whose samples the database refuses", async () => {
    const writer = createMetricWriter(rt.database.db, { lingerMs: 200 });
    // PostgreSQL's jsonb cannot hold U+0000: this request's series cannot be created.
    const results = await Promise.allSettled([
      writer.write(request(5)),
      writer.write(request(6, { host: "nul\u0000byte" })),
      writer.write(request(7)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const hosts = rowsOf<{ host: string; n: number }>(
      await rt.database.db.execute(sql`SELECT s.labels->>'host' AS host, count(*)::int AS n
        FROM metric_samples m JOIN metric_series s ON s.id = m.series_id
        WHERE s.workspace_id = ${workspaceId} AND s.labels->>'host' IN ('h5', 'h6', 'h7')
        GROUP BY 1 ORDER BY 1`),
    );
    expect(hosts).toEqual([
      { host: "h5", n: 3 },
      { host: "h7", n: 3 },
    ]);
  });
});
