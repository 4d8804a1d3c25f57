import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { closeMinutes } from "./metric-minutes.ts";
import { floorHour, HOUR_MS, lockRollupsExclusively } from "./metric-rollup-state.ts";

/** How long after its end an hour is closed: samples a little late still take the cheap path. */
export const HOUR_CLOSE_GRACE_MS = 5 * 60_000;

/**
 * Closes the hours that ended at least HOUR_CLOSE_GRACE_MS before `now`: closes their minutes
 * first (closeMinutes), then writes their rows to metric_rollup_1h from the minute roll-up
 * (replacing any row, since until now every sample of an open hour went to the minutes only) and
 * moves open_from past them. One hour that has minutes per transaction; hours without any are
 * skipped in one step. An hour with a minute still open stays open. Returns hours closed.
 */
export async function closeHours(db: Db, now = new Date()): Promise<number> {
  await closeMinutes(db, now);
  let closed = 0;
  for (;;) {
    const done = await db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      const open = await lockRollupsExclusively(tx);
      const from = open.hours;
      const closeTo = Math.min(
        floorHour(now.getTime() - HOUR_CLOSE_GRACE_MS),
        floorHour(open.minutes),
      );
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
        await tx.execute(sql`INSERT INTO metric_rollup_1h AS r (workspace_id, series_id, bucket, count, sum, min, max, last_time)
          SELECT workspace_id, series_id, ${new Date(hour).toISOString()}::timestamptz, sum(count), sum(sum), min(min), max(max), max(last_time)
          FROM metric_rollup_1m
          WHERE workspace_id IN (SELECT id FROM workspaces)
            AND bucket >= ${new Date(hour).toISOString()}::timestamptz AND bucket < ${new Date(next).toISOString()}::timestamptz
          GROUP BY workspace_id, series_id
          ORDER BY series_id
          ON CONFLICT (series_id, bucket) DO UPDATE SET count = excluded.count, sum = excluded.sum,
            min = excluded.min, max = excluded.max, last_time = excluded.last_time`);
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
