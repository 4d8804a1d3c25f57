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

/** Forgets a dropped partition's count. */
export function forgetPartition(db: Db, name: string): void {
  written.get(db)?.delete(name);
}
