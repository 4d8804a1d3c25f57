import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";

/** How often the writers still in flight are looked for again while waiting for them. */
const POLL_MS = 20;

/**
 * The largest line id at or below which every line is settled: committed or rolled back, never
 * still to appear. Ids come from one sequence as rows go in, and several transactions write
 * lines at once (the log writer keeps two in flight on PostgreSQL, and each instance has its
 * own), so a committed line can have a larger id than a line still being written. A reader that
 * resumes from "the last id I read" (the pattern miner) must stop at this watermark, or it would
 * pass the late line and never see it.
 *
 * How: the sequence's last value is read first; every transaction that had taken an id up to it
 * was, by then, inside a COPY or INSERT into `log_lines` and holds a RowExclusiveLock on it until
 * it ends. Those transactions are listed from `pg_locks` and waited for (polling, so writers are
 * never blocked); once none of them is left, that value is the watermark. Transactions that
 * start later take larger ids. Resolves undefined when they have not all ended within
 * `maxWaitMs`. On PGlite, one transaction at a time, there is never anyone to wait for.
 */
export async function settledLineWatermark(db: Db, maxWaitMs: number): Promise<number | undefined> {
  const [last] = rowsOf<{ id: string | number | null }>(
    await db.execute(
      sql`SELECT pg_sequence_last_value(pg_get_serial_sequence('log_lines', 'id')::regclass) AS id`,
    ),
  );
  const watermark = Number(last?.id ?? 0);
  const writers = await logWritersIn(db);
  if (writers.length === 0) return watermark;
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    if ((await logWritersIn(db, writers)).length === 0) return watermark;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Virtual transaction ids of the transactions writing to `log_lines` now (of `among`, if given). */
async function logWritersIn(db: Db, among?: string[]): Promise<string[]> {
  const filter = among
    ? sql`AND virtualtransaction = ANY(string_to_array(${among.join(",")}, ','))`
    : sql``;
  const rows = rowsOf<{ vxid: string }>(
    await db.execute(
      sql`SELECT DISTINCT virtualtransaction AS vxid FROM pg_locks
          WHERE locktype = 'relation' AND relation = 'log_lines'::regclass
            AND mode = 'RowExclusiveLock' AND granted AND pid <> pg_backend_pid() ${filter}`,
    ),
  );
  return rows.map((r) => r.vxid);
}
