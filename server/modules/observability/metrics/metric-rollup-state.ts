import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";

/*
 * The roll-ups are not upserted by every ingest request. metric_rollup_1m holds the closed
 * minutes (before metric_rollup_1m_state.open_from), built from the raw samples when a minute
 * closes (metric-minutes.ts); metric_rollup_1h the closed hours, built from the minutes when an
 * hour closes (metric-hours.ts). Readers add the open minutes from the samples and the open
 * hours from the minutes (the views of metric-views.ts). Ingest writes a roll-up row itself only
 * for a sample arriving after its minute (or hour) closed.
 *
 * Ingest transactions hold a shared advisory lock while they write; closing takes it
 * exclusively, so it waits for the writers that read the old boundaries to commit and the ones
 * after it read the new ones: no sample is counted twice or missed.
 */
export const ROLLUP_LOCK = sql`hashtext('metric_rollup_1h_state')`;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const floorMinute = (ms: number) => Math.floor(ms / MINUTE_MS) * MINUTE_MS;
export const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;

/** Where the open minutes and the open hours start, as epoch milliseconds. */
export interface OpenBuckets {
  minutes: number;
  hours: number;
}

/**
 * Creates the state rows (idempotent): the open minutes start at the current minute, the open
 * hours at the current hour. Until then every bucket counts as closed (the views' 'infinity').
 */
export async function ensureRollupState(db: Db, now = new Date()) {
  const ms = now.getTime();
  await db.execute(sql`INSERT INTO metric_rollup_1h_state (id, open_from)
    VALUES (true, ${new Date(floorHour(ms)).toISOString()}::timestamptz) ON CONFLICT DO NOTHING`);
  await db.execute(sql`INSERT INTO metric_rollup_1m_state (id, open_from)
    VALUES (true, ${new Date(floorMinute(ms)).toISOString()}::timestamptz) ON CONFLICT DO NOTHING`);
}

/** Both boundaries, read in one statement. */
export async function openBuckets(tx: Db): Promise<OpenBuckets> {
  const [row] = rowsOf<{ minutes: string | Date | null; hours: string | Date | null }>(
    await tx.execute(sql`SELECT (SELECT open_from FROM metric_rollup_1m_state) AS minutes,
      (SELECT open_from FROM metric_rollup_1h_state) AS hours`),
  );
  if (!row?.minutes || !row.hours)
    throw new Error("metric roll-up state has no rows: ensureMetricStorage first");
  return { minutes: new Date(row.minutes).getTime(), hours: new Date(row.hours).getTime() };
}

/**
 * For an ingest transaction: takes the shared lock (held until it ends) and returns where the
 * open minutes and hours start; samples before them are late, and ingest upserts their rows.
 */
export async function lockOpenBuckets(tx: Db): Promise<OpenBuckets> {
  // Two statements: a statement's snapshot is taken before it waits for the lock.
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${ROLLUP_LOCK})`);
  return openBuckets(tx);
}

/** For closing: takes the lock exclusively (held until the transaction ends). */
export async function lockRollupsExclusively(tx: Db): Promise<OpenBuckets> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`);
  return openBuckets(tx);
}
