import { sql } from "drizzle-orm";
import { affectedRowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { floorMinute, lockRollupsExclusively, MINUTE_MS } from "./metric-rollup-state.ts";

/**
 * How long after its end a minute is closed: samples up to this late are only appended (the
 * minute is read from the samples until then); later ones upsert the minute's roll-up row.
 */
export const MINUTE_CLOSE_GRACE_MS = 2 * MINUTE_MS;
/** Minutes closed by one transaction (the lock is held while they are aggregated). */
const SPAN_MINUTES = 10;
/** An empty span doubles the next one, up to a day: a long idle backlog closes in few steps. */
const MAX_SPAN_MINUTES = 1440;

/**
 * Closes the minutes that ended at least MINUTE_CLOSE_GRACE_MS before `now`: aggregates their
 * samples into metric_rollup_1m (replacing any row: until now their samples went to the raw table
 * only) and moves open_from past them, in one transaction holding the roll-up lock exclusively,
 * so no writer that read the old open_from is still uncommitted. Rows of series deleted meanwhile
 * (their workspace's samples await the purge) are skipped. Returns the roll-up rows written.
 */
export async function closeMinutes(db: Db, now = new Date()): Promise<number> {
  const closeTo = floorMinute(now.getTime() - MINUTE_CLOSE_GRACE_MS);
  let written = 0;
  let span = SPAN_MINUTES;
  for (;;) {
    const rows = await db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      const from = (await lockRollupsExclusively(tx)).minutes;
      if (from >= closeTo) return null;
      const to = Math.min(from + span * MINUTE_MS, closeTo);
      const result =
        await tx.execute(sql`INSERT INTO metric_rollup_1m AS r (workspace_id, series_id, bucket, count, sum, min, max)
        SELECT a.* FROM (
          SELECT workspace_id, series_id, date_bin('1 minute', time, timestamptz '2000-01-01 00:00:00+00') AS bucket,
            count(*)::integer AS count, sum(value) AS sum, min(value) AS min, max(value) AS max
          FROM metric_samples
          WHERE time >= ${new Date(from).toISOString()}::timestamptz AND time < ${new Date(to).toISOString()}::timestamptz
          GROUP BY 1, 2, 3) a
        WHERE a.series_id IN (SELECT id FROM metric_series)
        ORDER BY a.series_id, a.bucket
        ON CONFLICT (series_id, bucket) DO UPDATE SET count = excluded.count, sum = excluded.sum,
          min = excluded.min, max = excluded.max`);
      await tx.execute(
        sql`UPDATE metric_rollup_1m_state SET open_from = ${new Date(to).toISOString()}::timestamptz`,
      );
      return affectedRowsOf(result);
    });
    if (rows === null) return written;
    written += rows;
    span = rows === 0 ? Math.min(span * 2, MAX_SPAN_MINUTES) : SPAN_MINUTES;
  }
}
