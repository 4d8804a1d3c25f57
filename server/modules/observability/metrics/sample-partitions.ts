import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { runIdempotentDdl } from "../../../platform/db/ddl.ts";

/*
 * The day partitions of metric_samples (created on first write of a day, dropped by retention)
 * and their series-first indexes. The parent's index is time-first, (time, series_id), so
 * ingest appends at one edge of it; once a day is over and its late samples have had an hour to
 * arrive, its partition gets its own (series_id, time) index for per-series reads
 * (metric-reads.ts). Built once on data that no longer moves: a sorted build, no random inserts.
 */

export const DAY_MS = 86_400_000;
/** Samples of a day may still arrive this long after it ends before its partition is indexed. */
export const LATE_GRACE_MS = 3_600_000;
const PARTITION = /^metric_samples_p(\d{4})(\d{2})(\d{2})$/;

export const partitionName = (dayMs: number) =>
  `metric_samples_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll("-", "")}`;
const seriesIndexName = (partition: string) => `${partition}_series_idx`;

const known = new WeakMap<Db, Set<string>>();
/** seriesIndexedBefore's answer per database, and when it was read. */
const splits = new WeakMap<Db, { at: number; value: Promise<number> }>();
const SPLIT_TTL_MS = 30_000;

/** Creates the day partitions the given sample times need (idempotent, cached per database). */
export async function ensurePartitions(db: Db, times: Iterable<number>) {
  let names = known.get(db);
  if (!names) {
    names = new Set();
    known.set(db, names);
  }
  const days = new Set<number>();
  for (const t of times) days.add(Math.floor(t / DAY_MS) * DAY_MS);
  for (const day of days) {
    const name = partitionName(day);
    if (names.has(name)) continue;
    await runIdempotentDdl(
      db,
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF metric_samples FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
    );
    names.add(name);
    splits.delete(db);
  }
}

export interface SamplePartition {
  name: string;
  /** Start of the partition's day, epoch ms. */
  day: number;
  hasSeriesIndex: boolean;
}

/** The day partitions of metric_samples, oldest first. */
export async function samplePartitions(db: Db): Promise<SamplePartition[]> {
  const found = rowsOf<{ name: string; indexed: boolean }>(
    await db.execute(sql`SELECT c.relname AS name,
        EXISTS (SELECT 1 FROM pg_index x JOIN pg_class ix ON ix.oid = x.indexrelid
                WHERE x.indrelid = c.oid AND ix.relname = c.relname || '_series_idx') AS indexed
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'metric_samples'`),
  );
  const partitions: SamplePartition[] = [];
  for (const r of found) {
    const m = PARTITION.exec(r.name);
    if (m)
      partitions.push({
        name: r.name,
        day: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!),
        hasSeriesIndex: r.indexed === true,
      });
  }
  return partitions.sort((a, b) => a.day - b.day);
}

/**
 * Builds the series-first index of every partition whose day ended at least LATE_GRACE_MS ago
 * and has none yet. Returns the partitions indexed.
 */
export async function indexClosedPartitions(db: Db, now = new Date()): Promise<string[]> {
  const done: string[] = [];
  for (const p of await samplePartitions(db)) {
    if (p.hasSeriesIndex || p.day + DAY_MS + LATE_GRACE_MS > now.getTime()) continue;
    await runIdempotentDdl(
      db,
      `CREATE INDEX IF NOT EXISTS ${seriesIndexName(p.name)} ON ${p.name} (series_id, time)`,
    );
    done.push(p.name);
  }
  if (done.length > 0) splits.delete(db);
  return done;
}

/**
 * The instant before which every sample partition has its series-first index: the start of the
 * oldest partition without one, and never later than the start of today (today's partition has
 * none, even before it exists). Cached for half a minute; a stale answer costs speed, never
 * correctness: both ways of reading return the same rows.
 */
export function seriesIndexedBefore(db: Db, now = Date.now()): Promise<number> {
  const cached = splits.get(db);
  if (cached && now - cached.at < SPLIT_TTL_MS) return cached.value;
  const value = samplePartitions(db).then((partitions) => {
    let split = Math.floor(now / DAY_MS) * DAY_MS;
    for (const p of partitions) if (!p.hasSeriesIndex && p.day < split) split = p.day;
    return split;
  });
  value.catch(() => splits.delete(db));
  splits.set(db, { at: now, value });
  return value;
}
