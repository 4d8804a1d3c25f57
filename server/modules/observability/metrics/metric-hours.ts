import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";

/*
 * The hour roll-up is not upserted by every ingest request: metric_rollup_1h holds the closed
 * hours (before metric_rollup_1h_state.open_from), built from the minute roll-up when an hour
 * closes, and readers add the open hours from the minutes (the metric_rollup_hourly view).
 * Ingest writes an hour row itself only for a sample arriving after its hour closed.
 *
 * Ingest transactions hold a shared advisory lock while they write; closing an hour takes it
 * exclusively, so it waits for the writers that read the old open_from to commit and the ones
 * after it read the new one: no sample is counted twice or missed.
 */
const HOUR_LOCK = sql`hashtext('metric_rollup_1h_state')`;
const HOUR_MS = 3_600_000;
/** How long after its end an hour is closed: samples a little late still take the cheap path. */
export const HOUR_CLOSE_GRACE_MS = 5 * 60_000;

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** Creates the state row, the open hours starting at the current one (idempotent). */
export async function ensureHourState(db: Db, now = new Date()) {
  await db.execute(sql`INSERT INTO metric_rollup_1h_state (id, open_from)
    VALUES (true, ${new Date(floorHour(now.getTime())).toISOString()}::timestamptz) ON CONFLICT DO NOTHING`);
}

async function openFrom(tx: Db): Promise<number> {
  const [row] = rowsOf<{ open_from: string | Date }>(
    await tx.execute(sql`SELECT open_from FROM metric_rollup_1h_state`),
  );
  if (!row) throw new Error("metric_rollup_1h_state has no row: ensureMetricStorage first");
  return new Date(row.open_from).getTime();
}

/**
 * For an ingest transaction: takes the shared lock (held until it ends) and returns where the
 * open hours start; minute buckets before it belong to closed hours, which ingest upserts.
 */
export async function lockOpenHours(tx: Db): Promise<number> {
  // Two statements: a statement's snapshot is taken before it waits for the lock.
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${HOUR_LOCK})`);
  return openFrom(tx);
}

/**
 * Closes the hours that ended at least HOUR_CLOSE_GRACE_MS before `now`: writes their rows to
 * metric_rollup_1h from the minute roll-up (replacing any row, since until now every sample of
 * an open hour went to the minutes only) and moves open_from past them. One hour that has
 * minutes per transaction; hours without any are skipped in one step. Returns hours closed.
 */
export async function closeHours(db: Db, now = new Date()): Promise<number> {
  const closeTo = floorHour(now.getTime() - HOUR_CLOSE_GRACE_MS);
  let closed = 0;
  for (;;) {
    const done = await db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${HOUR_LOCK})`);
      const from = await openFrom(tx);
      if (from >= closeTo) return true;
      const to = new Date(closeTo).toISOString();
      // Per workspace, so the (workspace_id, bucket) index answers it.
      const [first] = rowsOf<{ first: string | Date | null }>(
        await tx.execute(sql`SELECT min(bucket) AS first FROM metric_rollup_1m
          WHERE workspace_id IN (SELECT id FROM workspaces)
            AND bucket >= ${new Date(from).toISOString()}::timestamptz AND bucket < ${to}::timestamptz`),
      );
      const hour = first?.first ? floorHour(new Date(first.first).getTime()) : closeTo;
      const next = first?.first ? hour + HOUR_MS : closeTo;
      if (first?.first) {
        await tx.execute(sql`INSERT INTO metric_rollup_1h AS r (workspace_id, series_id, bucket, count, sum, min, max)
          SELECT workspace_id, series_id, ${new Date(hour).toISOString()}::timestamptz, sum(count), sum(sum), min(min), max(max)
          FROM metric_rollup_1m
          WHERE workspace_id IN (SELECT id FROM workspaces)
            AND bucket >= ${new Date(hour).toISOString()}::timestamptz AND bucket < ${new Date(next).toISOString()}::timestamptz
          GROUP BY workspace_id, series_id
          ORDER BY series_id
          ON CONFLICT (series_id, bucket) DO UPDATE SET count = excluded.count, sum = excluded.sum,
            min = excluded.min, max = excluded.max`);
        closed++;
      }
      await tx.execute(
        sql`UPDATE metric_rollup_1h_state SET open_from = ${new Date(next).toISOString()}::timestamptz`,
      );
      return false;
    });
    if (done) return closed;
  }
}
