import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { queryMetric } from "./metric-query.ts";
import { samplesOf } from "./metric-reads.ts";
import { rowsIn, sample } from "./metric-store.testing.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";
import {
  DAY_MS,
  indexClosedPartitions,
  LATE_GRACE_MS,
  samplePartitions,
  seriesIndexedBefore,
} from "./sample-partitions.ts";

/*
 * Reads split between per-series reads (where a day partition has its series-first index) and
 * one time-range scan (elsewhere): both must return the same rows wherever the split falls.
 */

let rt: TestRuntime;
let ws: string;
let other: string;
const now = Date.now();
const start = Math.floor((now - 50 * 3_600_000) / 60_000) * 60_000;

/** Three series of `reads_check`, one sample every 10 minutes for 50 hours, and a fourth metric. */
function samples(workspaceId: string, offset: number): MetricSample[] {
  const all: MetricSample[] = [];
  for (let t = start, k = 0; t < now; t += 600_000, k++)
    for (let s = 0; s < 3; s++)
      all.push(
        sample(
          workspaceId,
          "reads_check",
          { host: `h${s}` },
          t + s * 1000,
          offset + ((k * 7 + s) % 23),
        ),
      );
  all.push(sample(workspaceId, "reads_other", { host: "h0" }, start + 5_000, 99));
  return all;
}

beforeAll(async () => {
  rt = await createTestRuntime();
  ws = (await createOwner(rt, "reads@example.com", "Reads")).workspaceId;
  other = (await createOwner(rt, "reads-other@example.com", "Reads other")).workspaceId;
  await insertSamples(rt.database.db, samples(ws, 0));
  await insertSamples(rt.database.db, samples(other, 1000));
}, 60_000);
afterAll(async () => {
  await rt?.close();
});

const seriesOf = (workspaceId: string) =>
  sql`WITH sel AS MATERIALIZED (SELECT id FROM metric_series WHERE workspace_id = ${workspaceId} AND name = 'reads_check')`;

async function read(from: number, to: number, split: number) {
  const found = await rowsIn<{ series_id: string; time: Date | string; value: number }>(
    rt,
    sql`${seriesOf(ws)} SELECT x.series_id, x.time, x.value FROM (${samplesOf(ws, from, to, split)}) x`,
  );
  return found
    .map((r) => `${r.series_id} ${new Date(r.time).toISOString()} ${Number(r.value)}`)
    .sort();
}

describe("metric reads", () => {
  it("returns the same samples whether a range is read per series, by one scan or split anywhere", async () => {
    const from = start + 3 * 600_000;
    const to = now - 1_800_000;
    const expected = samples(ws, 0).filter(
      (s) => s.name === "reads_check" && s.time.getTime() >= from && s.time.getTime() < to,
    ).length;
    const allScan = await read(from, to, Number.NEGATIVE_INFINITY);
    expect(allScan).toHaveLength(expected);
    expect(new Set(allScan.map((r) => r.split(" ")[2])).size).toBeGreaterThan(1);
    const boundaries = [
      Number.POSITIVE_INFINITY,
      Math.floor(now / DAY_MS) * DAY_MS,
      Math.floor(now / DAY_MS) * DAY_MS - DAY_MS,
      from,
      to,
      from + 7_777_777,
    ];
    for (const split of boundaries) expect(await read(from, to, split)).toEqual(allScan);
    // Another workspace's samples never come along (its series are not in sel, and by workspace).
    expect(allScan.every((r) => Number(r.split(" ")[2]) < 1000)).toBe(true);
    expect(await read(to, to, Number.NEGATIVE_INFINITY)).toEqual([]);
  });

  it("indexes only days over for an hour, moves the split, and answers queries the same", async () => {
    const before = await samplePartitions(rt.database.db);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.every((p) => !p.hasSeriesIndex)).toBe(true);
    expect(await seriesIndexedBefore(rt.database.db, now)).toBe(before[0]!.day);

    const step30 = {
      metric: "reads_check",
      from: new Date(now - 16 * 3_600_000),
      to: new Date(now),
      step: 30,
      aggregation: "sum" as const,
      groupBy: ["host"],
    };
    const hourly = { ...step30, from: new Date(start), step: 3600, aggregation: "max" as const };
    const rawBefore = await queryMetric(rt.database.db, ws, step30);
    const hourlyBefore = await queryMetric(rt.database.db, ws, hourly);
    expect(rawBefore.source).toBe("raw");
    expect(rawBefore.series).toHaveLength(3);
    // One sample per 10 minutes per series: each point is that sample's value.
    const h1 = rawBefore.series.find((s) => s.labels.host === "h1")!;
    const h1Expected = samples(ws, 0).filter(
      (s) =>
        s.labels.host === "h1" &&
        s.name === "reads_check" &&
        s.time.getTime() >= step30.from.getTime() &&
        s.time.getTime() < now,
    );
    expect(h1.points.map((p) => p.value)).toEqual(h1Expected.map((s) => s.value));

    const indexed = await indexClosedPartitions(rt.database.db, new Date(now));
    const closed = before.filter((p) => p.day + DAY_MS + LATE_GRACE_MS <= now).map((p) => p.name);
    expect(indexed).toEqual(closed);
    expect(closed.length).toBeGreaterThanOrEqual(1);
    const after = await samplePartitions(rt.database.db);
    expect(after.filter((p) => p.hasSeriesIndex).map((p) => p.name)).toEqual(closed);
    expect(await seriesIndexedBefore(rt.database.db, now + 60_000)).toBe(
      after.find((p) => !p.hasSeriesIndex)!.day,
    );
    // Again: nothing left to do.
    expect(await indexClosedPartitions(rt.database.db, new Date(now))).toEqual([]);

    expect(await queryMetric(rt.database.db, ws, step30)).toEqual(rawBefore);
    expect(await queryMetric(rt.database.db, ws, hourly)).toEqual(hourlyBefore);
  });
});
