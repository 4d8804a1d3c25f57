import { sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";

/*
 * A day partition nobody has analysed looks empty to the planner, which then filters every line
 * of the period instead of asking the GIN index: 0.18–0.25 s per 200,000 lines for a rare word
 * (bench/RESULTS.md, 2026-11-27 14:00). PGlite runs no autovacuum at all, and PostgreSQL's may
 * come a minute after a partition has filled, so the writer analyses a partition itself once this
 * process has written 10,000 lines to it, and again at every tenfold after (a sample each time).
 */
const FIRST_ANALYZE_AT = 10_000;
const written = new WeakMap<Db, Map<string, { lines: number; nextAt: number }>>();

/** Counts committed lines per partition and analyses each partition whose count passed its mark. */
export async function analyzeGrownPartitions(
  db: Db,
  linesByPartition: ReadonlyMap<string, number>,
): Promise<void> {
  let counts = written.get(db);
  if (!counts) {
    counts = new Map();
    written.set(db, counts);
  }
  for (const [name, lines] of linesByPartition) {
    const count = counts.get(name) ?? { lines: 0, nextAt: FIRST_ANALYZE_AT };
    count.lines += lines;
    counts.set(name, count);
    if (count.lines < count.nextAt) continue;
    while (count.nextAt <= count.lines) count.nextAt *= 10;
    // The lines are committed already: a failed ANALYZE (the partition dropped by retention
    // meanwhile) must not fail the write, or the writer would store them again.
    await db.execute(sql.raw(`ANALYZE ${name}`)).catch(() => undefined);
  }
}

/*
 * New words go to a GIN index's pending list (fastupdate), which is merged into the index only
 * when it outgrows gin_pending_list_limit (4 MB, ~20,000 lines here) or when autovacuum analyses
 * the table — and PGlite has no autovacuum. Every text search reads each partition's whole
 * pending list: ~420 pages, ~3.5 ms a partition on PGlite, so a week's rare-word search read
 * seven such lists twice (page and count) and took 55–135 ms (bench/RESULTS.md, 2026-11-27 16:30).
 * A day's partition stops growing once the day is over, so when this process first writes a
 * newer day than any before, it merges the pending lists of the partitions of older days; the
 * lists that are already empty cost a read of their meta page. Only the newest day (and lines
 * arriving late for an older one) then stays pending, within the 4 MB bound.
 */
const newestWritten = new WeakMap<Db, string>();

/** After a committed write reaching partition `newest`: merges older partitions' pending lists. */
export async function mergeClosedPartitions(db: Db, newest: string): Promise<void> {
  const before = newestWritten.get(db);
  if (before !== undefined && before >= newest) return; // names sort by day
  newestWritten.set(db, newest);
  // As with ANALYZE: the lines are committed, so a failure here (a partition dropped meanwhile)
  // must not fail the write.
  await db
    .execute(
      sql`SELECT count(gin_clean_pending_list(i.inhrelid::regclass)) FROM pg_inherits i
          JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class t ON t.oid = x.indrelid
          WHERE i.inhparent = 'log_lines_message_fts_idx'::regclass AND t.relname < ${newest}`,
    )
    .catch(() => undefined);
}

/** Forgets a dropped partition's count. */
export function forgetPartition(db: Db, name: string): void {
  written.get(db)?.delete(name);
}
