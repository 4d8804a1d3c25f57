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
 * seven such lists twice (page and count) and took 80–160 ms (bench/RESULTS.md, 2026-11-27 16:30).
 * A partition stops growing once its day is over, so the writer merges the lists of days that
 * are over: every partition of an earlier day when this process first writes on a new UTC day
 * (lists already empty cost a read of their meta page), and after that any partition of an
 * earlier day it writes to (late lines, a backfill), once its batch is committed. Only today's
 * list then stays pending, within the 4 MB bound.
 */
const mergedBefore = new WeakMap<Db, string>();

/**
 * After a committed write to partitions `written`: merges the pending lists of those of a day
 * before `today`'s partition, or of every partition before it on the first write of a new day.
 */
export async function mergeClosedPartitions(
  db: Db,
  written: readonly string[],
  today: string,
): Promise<void> {
  const newDay = mergedBefore.get(db) !== today;
  const closed = written.filter((name) => name < today); // names sort by day
  if (!newDay && closed.length === 0) return;
  mergedBefore.set(db, today);
  const which = newDay
    ? sql`t.relname < ${today}`
    : sql`t.relname IN (${sql.join(
        closed.map((name) => sql`${name}`),
        sql`, `,
      )})`;
  // As with ANALYZE: the lines are committed, so a failure here (a partition dropped meanwhile)
  // must not fail the write.
  await db
    .execute(
      sql`SELECT count(gin_clean_pending_list(i.inhrelid::regclass)) FROM pg_inherits i
          JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class t ON t.oid = x.indrelid
          WHERE i.inhparent = 'log_lines_message_fts_idx'::regclass AND ${which}`,
    )
    .catch(() => undefined);
}

/** Forgets a dropped partition's count. */
export function forgetPartition(db: Db, name: string): void {
  written.get(db)?.delete(name);
}
