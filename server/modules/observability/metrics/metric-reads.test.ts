import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import { closeMinutes } from "./metric-minutes.ts";
import { queryMetric } from "./metric-query.ts";
import { samplesOf } from "./metric-reads.ts";
import { enforceMetricRetention } from "./metric-retention.ts";
import { rowsIn, sample } from "./metric-store.testing.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";
import { DAY_MS, samplePartitions } from "./sample-partitions.ts";

/*
 * Raw samples are read per series from metric_minute_samples for closed minutes and by one
 * scan of metric_samples for open ones: the same rows whichever way a minute was written
 * (closed by the job, or a late sample appended by ingest) and wherever the boundary falls.
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
  // All before the open minutes (which start at the storage's creation): the late path.
  await insertSamples(rt.database.db, samples(ws, 0));
  await insertSamples(rt.database.db, samples(other, 1000));
}, 60_000);
afterAll(async () => {
  await rt?.close();
});

const seriesOf = (workspaceId: string) =>
  sql`WITH sel AS MATERIALIZED (SELECT id FROM metric_series WHERE workspace_id = ${workspaceId} AND name = 'reads_check')`;

async function read(workspaceId: string, from: number, to: number) {
  const found = await rowsIn<{ series_id: string; time: Date | string; value: number }>(
    rt,
    sql`${seriesOf(workspaceId)} SELECT x.series_id, x.time, x.value FROM (${samplesOf(workspaceId, from, to)}) x`,
  );
  return found.map((r) => `${new Date(r.time).toISOString()} ${Number(r.value)}`).sort();
}

const expected = (all: readonly MetricSample[], from: number, to: number) =>
  all
    .filter((s) => s.name === "reads_check" && s.time.getTime() >= from && s.time.getTime() < to)
    .map((s) => `${s.time.toISOString()} ${s.value}`)
    .sort();

describe("metric reads", () => {
  it("reads late samples of closed minutes per series, cut to the exact instants asked", async () => {
    const all = samples(ws, 0);
    // Bounds inside minutes: the minute rows are cut to the instant, not the minute.
    const from = start + 3 * 600_000 + 500;
    const to = now - 1_800_000 + 1_500;
    const got = await read(ws, from, to);
    expect(got.length).toBeGreaterThan(100);
    expect(got).toEqual(expected(all, from, to));
    // Another workspace's samples never come along.
    expect(await read(other, from, to)).toEqual(expected(samples(other, 1000), from, to));
    expect(await read(ws, to, to)).toEqual([]);
  });

  it("gives the same rows and queries before and after the open minutes close, and adds a late sample once", async () => {
    const open = Date.now();
    const fresh = [0, 1, 2].flatMap((s) =>
      [0, 15_000, 30_000].map((d) =>
        sample(ws, "reads_check", { host: `h${s}` }, open + d, 500 + s + d / 1000),
      ),
    );
    await insertSamples(rt.database.db, fresh);
    const all = [...samples(ws, 0), ...fresh];
    const from = now - 16 * 3_600_000;
    const to = open + 120_000;
    const step30 = {
      metric: "reads_check",
      from: new Date(from),
      to: new Date(to),
      step: 30,
      aggregation: "sum" as const,
      groupBy: ["host"],
    };
    const hourly = { ...step30, from: new Date(start), step: 3600, aggregation: "max" as const };
    const before = await read(ws, from, to);
    expect(before).toEqual(expected(all, from, to));
    const rawBefore = await queryMetric(rt.database.db, ws, step30);
    const hourlyBefore = await queryMetric(rt.database.db, ws, hourly);
    expect(rawBefore.source).toBe("raw");
    // h1 alone in its group: each point is the mean of its samples in that 30 s step.
    const steps = new Map<number, number[]>();
    for (const x of all)
      if (x.labels.host === "h1" && x.time.getTime() >= from && x.time.getTime() < to) {
        const t = Math.floor(x.time.getTime() / 30_000);
        steps.set(t, [...(steps.get(t) ?? []), x.value]);
      }
    const h1 = rawBefore.series.find((x) => x.labels.host === "h1")!;
    expect(h1.points.map((p) => p.value)).toEqual(
      [...steps.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, v]) => v.reduce((a, b) => a + b, 0) / v.length),
    );

    // Close every minute written: the fresh samples move to per-series minute rows.
    expect(await closeMinutes(rt.database.db, new Date(open + 10 * 60_000))).toBeGreaterThan(0);
    const [moved] = await rowsIn<{ n: number | string }>(
      rt,
      sql`SELECT count(*) AS n FROM metric_minute_samples WHERE bucket >= ${new Date(Math.floor(open / 60_000) * 60_000).toISOString()}::timestamptz`,
    );
    expect(Number(moved!.n)).toBeGreaterThanOrEqual(3);
    expect(await read(ws, from, to)).toEqual(before);
    expect(await queryMetric(rt.database.db, ws, step30)).toEqual(rawBefore);
    expect(await queryMetric(rt.database.db, ws, hourly)).toEqual(hourlyBefore);

    // A late sample into a closed minute that already has a row: appended, counted once.
    const late = sample(ws, "reads_check", { host: "h2" }, open + 5_000, 777);
    await insertSamples(rt.database.db, [late]);
    expect(await read(ws, from, to)).toEqual(expected([...all, late], from, to));
  });

  it("drops closed days of raw samples whole, reads them on from the minute rows, and takes late samples of a dropped day", async () => {
    const db = rt.database.db;
    const before = await samplePartitions(db);
    const all = samples(ws, 0);
    const everything = await read(ws, start, now);
    expect(everything).toEqual(expected(all, start, now));
    const { droppedPartitions } = await enforceMetricRetention(db, new Date(now));
    // Every day over for a day (its minutes closed: the late path closed them all).
    const over = before.filter((p) => p.day + 2 * DAY_MS <= now).map((p) => p.name);
    expect(over.length).toBeGreaterThanOrEqual(1);
    expect(droppedPartitions.sort()).toEqual(over.sort());
    expect(await read(ws, start, now)).toEqual(everything);

    // Another instance drops a day this process still thinks exists: a late sample of it is
    // written all the same (the partition is created again).
    const [oldest] = await samplePartitions(db);
    await db.execute(sql.raw(`DROP TABLE ${oldest!.name}`));
    const late = sample(ws, "reads_check", { host: "h0" }, oldest!.day + 3_600_000 + 1, 4242);
    expect(await insertSamples(db, [late])).toBe(1);
    expect(await read(ws, start, now)).toEqual(expected([...all, late], start, now));
  });
});
