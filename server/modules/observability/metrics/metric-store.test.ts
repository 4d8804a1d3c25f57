import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOwner,
  createTestRuntime,
  type TestRuntime,
} from "../../../../test/support/runtime.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import { seriesOverWindow } from "../alerts/evaluators/metric-window.ts";
import { closeHours, HOUR_CLOSE_GRACE_MS } from "./metric-hours.ts";
import { closeMinutes, MINUTE_CLOSE_GRACE_MS } from "./metric-minutes.ts";
import { lockOpenBuckets } from "./metric-rollup-state.ts";
import { rowsIn, sample, samplesOver2Hours, unevenBatches } from "./metric-store.testing.ts";
import { insertSamples } from "./metric-store.ts";
import { expectMatchesRaw, type RollupSource } from "./rollup-checks.testing.ts";

let rt: TestRuntime;
let a: { caller: Caller; workspaceId: string };
let c: { caller: Caller; workspaceId: string };
let d: { caller: Caller; workspaceId: string };

beforeAll(async () => {
  rt = await createTestRuntime();
  a = await createOwner(rt, "store-a@example.com", "Store A");
  c = await createOwner(rt, "store-c@example.com", "Store C");
  d = await createOwner(rt, "store-d@example.com", "Store D");
});
afterAll(async () => {
  await rt?.close();
});

const rows = <T>(query: ReturnType<typeof sql>) => rowsIn<T>(rt, query);

/** A roll-up (or reader) checked against the raw samples (rollup-checks.testing.ts). */
const expectRollupMatchesRaw = (
  table: RollupSource,
  workspaceId: string,
  total: number,
  before?: string,
) => expectMatchesRaw(rt, table, workspaceId, total, before);

const countOf = async (table: string, workspaceId: string) =>
  (
    await rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE workspace_id = ${workspaceId}`,
    )
  )[0]!.n;

describe("insertSamples", () => {
  it("keeps roll-ups equal to what the raw samples give, across batches written at once", async () => {
    // Hours long closed: each batch upserts its hour rows itself (samples arriving late).
    const all = samplesOver2Hours(a.workspaceId, Date.UTC(2026, 10, 20, 9, 58, 0));
    const batches = unevenBatches(all);
    for (let i = 0; i < batches.length; i += 3)
      await Promise.all(
        batches.slice(i, i + 3).map((batch) => insertSamples(rt.database.db, batch)),
      );
    for (const table of [
      "metric_rollup_1m",
      "metric_rollup_1h",
      "metric_rollup_hourly",
      "metric_minute_samples",
    ] as const)
      await expectRollupMatchesRaw(table, a.workspaceId, all.length);
  });

  it("reads open hours from the minutes, closes them while writers run, and adds late samples", async () => {
    const t0 = Date.UTC(2026, 10, 22, 9, 58, 0);
    const openFrom = Date.UTC(2026, 10, 22, 9);
    await rt.database.db.execute(
      sql`UPDATE metric_rollup_1h_state SET open_from = ${new Date(openFrom).toISOString()}::timestamptz`,
    );
    const all = samplesOver2Hours(c.workspaceId, t0);
    const batches = unevenBatches(all);
    const half = Math.floor(batches.length / 2);
    // The first half while every hour is open: nothing goes to metric_rollup_1h.
    for (let i = 0; i < half; i += 3)
      await Promise.all(
        batches.slice(i, Math.min(i + 3, half)).map((b) => insertSamples(rt.database.db, b)),
      );
    const firstHalf = batches.slice(0, half).reduce((n, b) => n + b.length, 0);
    expect(await countOf("metric_rollup_1h", c.workspaceId)).toBe(0);
    await expectRollupMatchesRaw("metric_rollup_hourly", c.workspaceId, firstHalf);

    // The rest while the hours 09:00–11:00 close (as of 12:10): the writers and the closing
    // take turns on the lock, so whatever the interleaving no sample is lost or counted twice.
    const closing = closeHours(rt.database.db, new Date(Date.UTC(2026, 10, 22, 12, 10)));
    await Promise.all([
      closing,
      ...batches.slice(half).map((b) => insertSamples(rt.database.db, b)),
    ]);
    expect(await closing).toBe(3);
    const state = await rows<{ open_from: string }>(
      sql`SELECT open_from::text FROM metric_rollup_1h_state`,
    );
    expect(new Date(state[0]!.open_from).getTime()).toBe(Date.UTC(2026, 10, 22, 12));
    // 12:00 is still open: metric_rollup_1h holds 09:00–11:00, the view all four hours.
    const noon = Date.UTC(2026, 10, 22, 12);
    const before12 = new Date(noon).toISOString();
    const closedSamples = all.filter((s) => s.time.getTime() < noon).length;
    expect(closedSamples).toBeLessThan(all.length);
    await expectRollupMatchesRaw("metric_rollup_1m", c.workspaceId, all.length);
    expect(await countOf("metric_rollup_1h", c.workspaceId)).toBe(12 * 3);
    await expectRollupMatchesRaw("metric_rollup_1h", c.workspaceId, closedSamples, before12);
    await expectRollupMatchesRaw("metric_rollup_hourly", c.workspaceId, all.length);

    // A late sample of a closed hour and one of the open hour.
    const late = [
      sample(c.workspaceId, "rollup_check_0", { host: "h0" }, Date.UTC(2026, 10, 22, 10, 30), 1e6),
      sample(c.workspaceId, "rollup_check_0", { host: "h0" }, Date.UTC(2026, 10, 22, 12, 1), -1e6),
    ];
    await insertSamples(rt.database.db, late);
    await expectRollupMatchesRaw("metric_rollup_1h", c.workspaceId, closedSamples + 1, before12);
    await expectRollupMatchesRaw("metric_rollup_hourly", c.workspaceId, all.length + 2);

    // metrics.query over hours gives what the raw samples give.
    const hourly = (await rt.as(c.caller, "metrics.query", {
      metric: "rollup_check_0",
      from: new Date(Date.UTC(2026, 10, 22, 9)).toISOString(),
      to: new Date(Date.UTC(2026, 10, 22, 13)).toISOString(),
      step: 3600,
      aggregation: "count",
    })) as { source: string; series: Array<{ points: Array<{ time: string; value: number }> }> };
    expect(hourly.source).toBe("rollup_1h");
    const raw = await rows<{ hour: string; n: number }>(
      sql`SELECT date_trunc('hour', s.time)::text AS hour, count(*)::int AS n FROM metric_samples s
          JOIN metric_series m ON m.id = s.series_id
          WHERE s.workspace_id = ${c.workspaceId} AND m.name = 'rollup_check_0' GROUP BY 1 ORDER BY 1`,
    );
    expect(hourly.series[0]!.points.map((p) => [new Date(p.time).getTime(), p.value])).toEqual(
      raw.map((r) => [new Date(r.hour).getTime(), r.n]),
    );
    // Closing again as of a time past 12:00's grace closes 12:00 too, and nothing changes.
    expect(
      await closeHours(rt.database.db, new Date(Date.UTC(2026, 10, 22, 13) + HOUR_CLOSE_GRACE_MS)),
    ).toBe(1);
    await expectRollupMatchesRaw("metric_rollup_1h", c.workspaceId, all.length + 2);
    await expectRollupMatchesRaw("metric_rollup_hourly", c.workspaceId, all.length + 2);
  });

  it("reads open minutes from the samples, closes them while writers run, and adds late samples", async () => {
    const db = rt.database.db;
    const at = (h: number, m: number, s = 0, ms = 0) => Date.UTC(2026, 10, 24, h, m, s, ms);
    const iso = (ms: number) => new Date(ms).toISOString();
    const setState = async (table: string, ms: number) =>
      db.execute(sql`UPDATE ${sql.raw(table)} SET open_from = ${iso(ms)}::timestamptz`);
    const stateOf = async (table: string) =>
      new Date(
        (await rows<{ open_from: string }>(sql`SELECT open_from::text FROM ${sql.raw(table)}`))[0]!
          .open_from,
      ).getTime();
    await setState("metric_rollup_1h_state", at(10, 0));
    await setState("metric_rollup_1m_state", at(10, 0));
    const storedFrom = async (table: string, from: number) =>
      (
        await rows<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}
              WHERE workspace_id = ${d.workspaceId} AND bucket >= ${iso(from)}::timestamptz`,
        )
      )[0]!.n;
    // 09:58–12:29: the first two minutes are late (closed minutes of a closed hour).
    const all = samplesOver2Hours(d.workspaceId, at(9, 58));
    const batches = unevenBatches(all);
    const half = Math.floor(batches.length / 2);
    for (const batch of batches.slice(0, half)) await insertSamples(db, batch);
    const firstHalf = batches.slice(0, half).reduce((n, b) => n + b.length, 0);
    // Open minutes went to the samples only; readers see every minute and hour all the same.
    expect(await storedFrom("metric_rollup_1m", at(10, 0))).toBe(0);
    expect(await storedFrom("metric_rollup_1m", at(9, 58))).toBe(12 * 2);
    expect(await storedFrom("metric_rollup_1h", at(9, 0))).toBe(12);
    await expectRollupMatchesRaw("metric_rollup_minutely", d.workspaceId, firstHalf);
    await expectRollupMatchesRaw("metric_rollup_hourly", d.workspaceId, firstHalf);

    // The rest while the minutes up to 11:03 close (as of 11:05, grace 2 min): writers and the
    // closing take turns on the lock, so whatever the interleaving nothing is lost or doubled.
    const closeAt = at(11, 3) + MINUTE_CLOSE_GRACE_MS;
    const closing = closeMinutes(db, new Date(closeAt));
    await Promise.all([closing, ...batches.slice(half).map((b) => insertSamples(db, b))]);
    expect(await closing).toBeGreaterThan(0);
    const boundary = at(11, 3);
    expect(await stateOf("metric_rollup_1m_state")).toBe(boundary);
    expect(await stateOf("metric_rollup_1h_state")).toBe(at(10, 0));
    const samplesBefore = (ms: number) => all.filter((x) => x.time.getTime() < ms).length;
    expect(await storedFrom("metric_rollup_1m", boundary)).toBe(0);
    await expectRollupMatchesRaw(
      "metric_rollup_1m",
      d.workspaceId,
      samplesBefore(boundary),
      iso(boundary),
    );
    await expectRollupMatchesRaw(
      "metric_minute_samples",
      d.workspaceId,
      samplesBefore(boundary),
      iso(boundary),
    );
    await expectRollupMatchesRaw("metric_rollup_minutely", d.workspaceId, all.length);
    await expectRollupMatchesRaw("metric_rollup_hourly", d.workspaceId, all.length);

    // Late samples: of a closed hour, of a closed minute in an open hour, the last instant of
    // the last closed minute; and of the first instant of the first open minute.
    const h0 = { host: "h0" };
    const late = [
      sample(d.workspaceId, "rollup_check_0", h0, at(9, 59, 30), 1e6),
      sample(d.workspaceId, "rollup_check_0", h0, at(10, 30), -1e6),
      sample(d.workspaceId, "rollup_check_0", h0, boundary - 1, 2e6),
      sample(d.workspaceId, "rollup_check_0", h0, boundary, -2e6),
    ];
    await insertSamples(db, late);
    const total = all.length + late.length;
    expect(await storedFrom("metric_rollup_1m", boundary)).toBe(0);
    await expectRollupMatchesRaw(
      "metric_rollup_1m",
      d.workspaceId,
      samplesBefore(boundary) + 3,
      iso(boundary),
    );
    await expectRollupMatchesRaw(
      "metric_minute_samples",
      d.workspaceId,
      samplesBefore(boundary) + 3,
      iso(boundary),
    );
    await expectRollupMatchesRaw(
      "metric_rollup_1h",
      d.workspaceId,
      samplesBefore(at(10, 0)) + 1,
      iso(at(10, 0)),
    );
    await expectRollupMatchesRaw("metric_rollup_minutely", d.workspaceId, total);
    await expectRollupMatchesRaw("metric_rollup_hourly", d.workspaceId, total);

    // Readers across the boundary: metrics.query by minute and the window evaluator's roll-up
    // path give what the raw samples give.
    const byMinute = (await rt.as(d.caller, "metrics.query", {
      metric: "rollup_check_0",
      from: iso(at(10, 58)),
      to: iso(at(11, 8)),
      step: 60,
      aggregation: "count",
    })) as { source: string; series: Array<{ points: Array<{ time: string; value: number }> }> };
    expect(byMinute.source).toBe("rollup_1m");
    const rawMinutes = await rows<{ minute: string; n: number }>(
      sql`SELECT date_trunc('minute', s.time)::text AS minute, count(*)::int AS n FROM metric_samples s
          JOIN metric_series m ON m.id = s.series_id
          WHERE s.workspace_id = ${d.workspaceId} AND m.name = 'rollup_check_0'
            AND s.time >= ${iso(at(10, 58))}::timestamptz AND s.time < ${iso(at(11, 8))}::timestamptz
          GROUP BY 1 ORDER BY 1`,
    );
    expect(byMinute.series[0]!.points.map((p) => [new Date(p.time).getTime(), p.value])).toEqual(
      rawMinutes.map((r) => [new Date(r.minute).getTime(), r.n]),
    );
    const window = await seriesOverWindow(
      db,
      d.workspaceId,
      { metric: "rollup_check_0", matchers: [] },
      new Date(at(10, 0)),
      new Date(at(12, 0)),
      false,
    );
    const rawWindow = await rows<{ host: string; n: number; lo: number; hi: number }>(
      sql`SELECT m.labels->>'host' AS host, count(*)::int AS n, min(s.value) AS lo, max(s.value) AS hi
          FROM metric_samples s JOIN metric_series m ON m.id = s.series_id
          WHERE s.workspace_id = ${d.workspaceId} AND m.name = 'rollup_check_0'
            AND s.time >= ${iso(at(10, 0))}::timestamptz AND s.time < ${iso(at(12, 0))}::timestamptz
          GROUP BY 1 ORDER BY 1`,
    );
    expect(
      window
        .map((w) => ({ host: w.labels.host, n: w.count, lo: w.min, hi: w.max }))
        .sort((x, y) => (x.host! < y.host! ? -1 : 1)),
    ).toEqual(rawWindow);

    // Closing the hours as of 12:10 closes the minutes up to 12:08 first, then 10:00 and 11:00.
    expect(await closeHours(db, new Date(at(12, 10)))).toBe(2);
    expect(await stateOf("metric_rollup_1m_state")).toBe(at(12, 8));
    expect(await stateOf("metric_rollup_1h_state")).toBe(at(12, 0));
    await expectRollupMatchesRaw(
      "metric_rollup_1m",
      d.workspaceId,
      samplesBefore(at(12, 8)) + 4,
      iso(at(12, 8)),
    );
    await expectRollupMatchesRaw(
      "metric_minute_samples",
      d.workspaceId,
      samplesBefore(at(12, 8)) + 4,
      iso(at(12, 8)),
    );
    await expectRollupMatchesRaw(
      "metric_rollup_1h",
      d.workspaceId,
      samplesBefore(at(12, 0)) + 4,
      iso(at(12, 0)),
    );
    await expectRollupMatchesRaw("metric_rollup_hourly", d.workspaceId, total);
    // Closing again as of the same time changes nothing; past 12:00's grace, 12:00 closes.
    expect(await closeMinutes(db, new Date(at(12, 8) + MINUTE_CLOSE_GRACE_MS))).toBe(0);
    expect(await closeHours(db, new Date(at(13, 0) + HOUR_CLOSE_GRACE_MS))).toBe(1);
    await expectRollupMatchesRaw("metric_rollup_1h", d.workspaceId, total);
    await expectRollupMatchesRaw("metric_rollup_minutely", d.workspaceId, total);
  });

  it("aggregates a span again when a writer commits into it while it was being aggregated", async () => {
    // PGlite has one connection and runs transactions one after another: only PostgreSQL can
    // interleave a writer with the closing.
    if (rt.database.kind !== "postgres") return;
    const db = rt.database.db;
    const at = (m: number, s = 0) => Date.UTC(2026, 10, 25, 10, m, s);
    const iso = (ms: number) => new Date(ms).toISOString();
    await db.execute(sql`UPDATE metric_rollup_1h_state SET open_from = ${iso(at(0))}::timestamptz`);
    await db.execute(sql`UPDATE metric_rollup_1m_state SET open_from = ${iso(at(0))}::timestamptz`);
    await insertSamples(db, [
      sample(d.workspaceId, "race_metric", { host: "a" }, at(1), 1),
      sample(d.workspaceId, "race_metric", { host: "a" }, at(2), 2),
    ]);
    const [series] = await rows<{ id: string }>(
      sql`SELECT id FROM metric_series WHERE workspace_id = ${d.workspaceId} AND name = 'race_metric'`,
    );
    // A writer that has read open_from and written, but not yet committed, a sample of 10:01.
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inTransaction = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const writer = db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      await lockOpenBuckets(tx);
      await tx.execute(sql`INSERT INTO metric_samples (workspace_id, series_id, time, value)
        VALUES (${d.workspaceId}, ${series!.id}, ${iso(at(1, 30))}::timestamptz, 100)`);
      await tx.execute(
        sql`INSERT INTO metric_open_writes (min_time) VALUES (${iso(at(1, 30))}::timestamptz)`,
      );
      entered();
      await gate;
    });
    await inTransaction;
    const closing = closeMinutes(db, new Date(at(5) + MINUTE_CLOSE_GRACE_MS));
    // The closing has aggregated without the writer's sample and waits for the roll-up lock.
    for (;;) {
      const [waiting] = await rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (waiting!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await writer;
    expect(await closing).toBe(2);
    const minutes = await rows<{ bucket: string; count: number; sum: number }>(
      sql`SELECT bucket::text, count, sum FROM metric_rollup_1m WHERE series_id = ${series!.id} ORDER BY bucket`,
    );
    expect(minutes.map((m) => [new Date(m.bucket).getTime(), m.count, m.sum])).toEqual([
      [at(1), 2, 101],
      [at(2), 1, 2],
    ]);
    // The per-series minute rows hold the writer's sample too.
    const kept = await rows<{ bucket: string; vals: number[] }>(
      sql`SELECT bucket::text, vals FROM metric_minute_samples WHERE series_id = ${series!.id} ORDER BY bucket`,
    );
    expect(kept.map((m) => [new Date(m.bucket).getTime(), [...m.vals].sort()])).toEqual([
      [at(1), [1, 100]],
      [at(2), [2]],
    ]);
  });
});
