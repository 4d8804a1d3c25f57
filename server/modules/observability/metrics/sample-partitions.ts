import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { runIdempotentDdl } from "../../../platform/db/ddl.ts";

/*
 * The day partitions of metric_samples: created on the first write of a day, dropped whole by
 * retention.
 */

export const DAY_MS = 86_400_000;
const PARTITION = /^metric_samples_p(\d{4})(\d{2})(\d{2})$/;

const partitionName = (dayMs: number) =>
  `metric_samples_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll("-", "")}`;

const known = new WeakMap<Db, Set<string>>();

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
  }
}

/**
 * Forgets which partitions exist (after retention dropped some): the next write of a dropped
 * day creates its partition again.
 */
export function forgetPartitions(db: Db) {
  known.delete(db);
}

export interface SamplePartition {
  name: string;
  /** Start of the partition's day, epoch ms. */
  day: number;
}

/** The day partitions of metric_samples, oldest first. */
export async function samplePartitions(db: Db): Promise<SamplePartition[]> {
  const found = rowsOf<{ name: string }>(
    await db.execute(sql`SELECT c.relname AS name
      FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'metric_samples'`),
  );
  const partitions: SamplePartition[] = [];
  for (const r of found) {
    const m = PARTITION.exec(r.name);
    if (m) partitions.push({ name: r.name, day: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) });
  }
  return partitions.sort((a, b) => a.day - b.day);
}
