import { and, eq, inArray, sql } from "drizzle-orm";
import { copyCsv } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { metricRollup1h, metricRollup1m, metricSeries } from "./metrics.schema.ts";

/** One sample as ingest hands it over. */
export interface MetricSample {
  workspaceId: string;
  name: string;
  labels: Record<string, string>;
  time: Date;
  value: number;
  resourceId: string | null;
}

const DAY_MS = 86_400_000;
/*
 * Raw samples: one table partitioned by day (drizzle-kit cannot express PARTITION BY, so it is
 * created here, idempotently, like log_lines); roll-ups are ordinary tables in metrics.schema.ts.
 */
const DDL = [
  `CREATE TABLE IF NOT EXISTS metric_samples (
    workspace_id uuid NOT NULL,
    series_id uuid NOT NULL,
    time timestamptz NOT NULL,
    value double precision NOT NULL
  ) PARTITION BY RANGE (time)`,
  "CREATE INDEX IF NOT EXISTS metric_samples_series_time_idx ON metric_samples (series_id, time)",
];
const ready = new WeakMap<Db, Promise<void>>();
const partitions = new WeakMap<Db, Set<string>>();
const seriesCache = new WeakMap<Db, Map<string, string>>();

async function idempotent(db: Db, statement: string) {
  try {
    await db.execute(sql.raw(statement));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== "23505" && code !== "42P07" && code !== "42710") throw error;
  }
}

export function ensureMetricStorage(db: Db): Promise<void> {
  let p = ready.get(db);
  if (!p) {
    p = (async () => {
      for (const s of DDL) await idempotent(db, s);
    })();
    p.catch(() => ready.delete(db));
    ready.set(db, p);
  }
  return p;
}

async function ensurePartitions(db: Db, times: Iterable<number>) {
  let known = partitions.get(db);
  if (!known) {
    known = new Set();
    partitions.set(db, known);
  }
  for (const day of new Set([...times].map((t) => Math.floor(t / DAY_MS) * DAY_MS))) {
    const name = `metric_samples_p${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}`;
    if (known.has(name)) continue;
    await idempotent(
      db,
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF metric_samples FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
    );
    known.add(name);
  }
}

/** Canonical label key: sorted, so {a,b} and {b,a} are one series. */
export function labelsKeyOf(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

/** Ids of the samples' series, creating new series; cached per process (series are immutable). */
async function seriesIdsOf(db: Db, samples: readonly MetricSample[]) {
  let cache = seriesCache.get(db);
  if (!cache) {
    cache = new Map();
    seriesCache.set(db, cache);
  }
  const wanted = new Map<string, MetricSample & { labelsKey: string }>();
  for (const s of samples) {
    const labelsKey = labelsKeyOf(s.labels);
    const id = `${s.workspaceId}\u0000${s.name}\u0000${labelsKey}`;
    if (!cache.has(id) && !wanted.has(id)) wanted.set(id, { ...s, labelsKey });
  }
  if (wanted.size > 0) {
    const rows = [...wanted.values()];
    await db
      .insert(metricSeries)
      .values(
        rows.map((r) => ({
          workspaceId: r.workspaceId,
          name: r.name,
          labels: r.labels,
          labelsKey: r.labelsKey,
          resourceId: r.resourceId,
        })),
      )
      .onConflictDoNothing();
    const byWorkspace = new Map<string, string[]>();
    for (const r of rows)
      byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.name]);
    for (const [workspaceId, names] of byWorkspace) {
      const found = await db
        .select({ id: metricSeries.id, name: metricSeries.name, labelsKey: metricSeries.labelsKey })
        .from(metricSeries)
        .where(
          and(
            eq(metricSeries.workspaceId, workspaceId),
            inArray(metricSeries.name, [...new Set(names)]),
          ),
        );
      for (const f of found) cache.set(`${workspaceId}\u0000${f.name}\u0000${f.labelsKey}`, f.id);
    }
    if (cache.size > 200_000) cache.clear();
  }
  return samples.map(
    (s) => cache.get(`${s.workspaceId}\u0000${s.name}\u0000${labelsKeyOf(s.labels)}`)!,
  );
}

interface Agg {
  workspaceId: string;
  seriesId: string;
  bucket: string;
  count: number;
  sum: number;
  min: number;
  max: number;
}

function aggregate(samples: readonly MetricSample[], ids: string[], stepMs: number): Agg[] {
  const out = new Map<string, Agg>();
  samples.forEach((s, i) => {
    const bucket = new Date(Math.floor(s.time.getTime() / stepMs) * stepMs).toISOString();
    const key = `${ids[i]}|${bucket}`;
    const a = out.get(key);
    if (a) {
      a.count++;
      a.sum += s.value;
      a.min = Math.min(a.min, s.value);
      a.max = Math.max(a.max, s.value);
    } else {
      out.set(key, {
        workspaceId: s.workspaceId,
        seriesId: ids[i]!,
        bucket,
        count: 1,
        sum: s.value,
        min: s.value,
        max: s.value,
      });
    }
  });
  // One order for every writer, so concurrent upserts of the same buckets cannot deadlock.
  return [...out.values()].sort((a, b) =>
    a.seriesId === b.seriesId ? (a.bucket < b.bucket ? -1 : 1) : a.seriesId < b.seriesId ? -1 : 1,
  );
}

async function upsertRollup(db: Db, table: typeof metricRollup1m, rows: Agg[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insert(table)
      .values(rows.slice(i, i + 2000).map((r) => ({ ...r, bucket: new Date(r.bucket) })))
      .onConflictDoUpdate({
        target: [table.seriesId, table.bucket],
        set: {
          count: sql`${table.count} + excluded.count`,
          sum: sql`${table.sum} + excluded.sum`,
          min: sql`least(${table.min}, excluded.min)`,
          max: sql`greatest(${table.max}, excluded.max)`,
        },
      });
  }
}

/**
 * Stores samples and folds them into the 1m and 1h roll-ups, in one transaction. NaN and
 * infinities (Prometheus staleness markers among them) are not stored: they carry no value to
 * aggregate.
 */
export async function insertSamples(db: Db, all: readonly MetricSample[]): Promise<number> {
  const samples = all.filter((s) => Number.isFinite(s.value));
  if (samples.length === 0) return 0;
  await ensureMetricStorage(db);
  await ensurePartitions(
    db,
    samples.map((s) => s.time.getTime()),
  );
  // Series first, outside the transaction: creating one is idempotent and it is then cached.
  const ids = await seriesIdsOf(db, samples);
  await db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const chunks: string[] = [];
    for (let i = 0; i < samples.length; i += 2000) {
      chunks.push(
        `${samples
          .slice(i, i + 2000)
          .map((s, j) => `${s.workspaceId},${ids[i + j]},${s.time.toISOString()},${s.value}`)
          .join("\n")}\n`,
      );
    }
    await copyCsv(tx, "metric_samples (workspace_id, series_id, time, value)", chunks);
    await upsertRollup(tx, metricRollup1m, aggregate(samples, ids, 60_000));
    await upsertRollup(tx, metricRollup1h, aggregate(samples, ids, 3_600_000));
  });
  return samples.length;
}
