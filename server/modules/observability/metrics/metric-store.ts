import { sql } from "drizzle-orm";
import { copyBinary } from "../../../platform/db/copy.ts";
import { BinaryCopyWriter } from "../../../platform/db/copy-binary.ts";
import type { Db } from "../../../platform/db/database.ts";
import { runIdempotentDdl } from "../../../platform/db/ddl.ts";
import { sqlStateOf } from "../../../platform/db/sql-state.ts";
import { ensureRollupState, lockOpenBuckets } from "./metric-rollup-state.ts";
import {
  appendLateSamples,
  hourRollupsOf,
  minuteRollupsOf,
  upsertRollup,
} from "./metric-rollups.ts";
import { seriesIdsOf } from "./metric-series.ts";
import { ensureRollupViews } from "./metric-views.ts";
import { ensurePartitions, forgetPartitions } from "./sample-partitions.ts";
import { seriesHintOf } from "./series-cache.ts";

/** One sample as ingest hands it over. */
export interface MetricSample {
  workspaceId: string;
  name: string;
  labels: Record<string, string>;
  time: Date;
  value: number;
  resourceId: string | null;
  /** An increase since the series' sample before (OTLP DELTA), not a running total. */
  isDelta?: boolean;
}

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
  // Time-first: ingest appends at the index's right edge, however many series send at once.
  // Per-series reads of closed minutes go to metric_minute_samples (metric-reads.ts).
  "CREATE INDEX IF NOT EXISTS metric_samples_time_series_idx ON metric_samples (time, series_id)",
  // Until 2026-11 the index was series-first and a BRIN index served time ranges.
  "DROP INDEX IF EXISTS metric_samples_series_time_idx",
  "DROP INDEX IF EXISTS metric_samples_time_brin_idx",
];
const ready = new WeakMap<Db, Promise<void>>();

export function ensureMetricStorage(db: Db): Promise<void> {
  let p = ready.get(db);
  if (!p) {
    p = (async () => {
      for (const s of DDL) await runIdempotentDdl(db, s);
      await ensureRollupState(db);
      await ensureRollupViews(db);
    })();
    p.catch(() => ready.delete(db));
    ready.set(db, p);
  }
  return p;
}

/**
 * Canonical label key: the labels as JSON with sorted keys, so {a,b} and {b,a} are one series.
 * Written out directly (this runs for every sample); a name starting with a digit may be an
 * array index, which a JavaScript object would put first, so those (and anything not a string)
 * take the original object-based path: every stored key stays what it was.
 */
export function labelsKeyOf(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  let json = "{";
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const first = name.charCodeAt(0);
    const value = labels[name];
    if ((first >= 48 && first <= 57) || typeof value !== "string") return labelsKeyByObject(labels);
    json += `${i ? "," : ""}${JSON.stringify(name)}:${JSON.stringify(value)}`;
  }
  return `${json}}`;
}

function labelsKeyByObject(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))),
  );
}

/** Four fields of 4-byte length and 16, 16, 8 and 8 bytes of value. */
const SAMPLE_ROW_BYTES = 4 * 4 + 16 + 16 + 8 + 8;

/** The samples as binary COPY rows (sample i of series `ids[i]`): nothing for the database to parse. */
function sampleRows(samples: readonly MetricSample[], ids: readonly string[]) {
  const rows = new BinaryCopyWriter();
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    rows.tuple(4, SAMPLE_ROW_BYTES);
    rows.uuid(s.workspaceId);
    rows.uuid(ids[i]!);
    rows.timestamptz(s.time.getTime());
    rows.float8(s.value);
  }
  return rows.finish();
}

/** The earliest sample time at or after `from`; infinity if none. */
function earliestFrom(samples: readonly MetricSample[], from: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const s of samples) {
    const ms = s.time.getTime();
    if (ms >= from && ms < earliest) earliest = ms;
  }
  return earliest;
}

/**
 * Stores samples, in one transaction with the roll-up rows of late samples only: a sample of a
 * minute (hour) already closed is folded into metric_rollup_1m (metric_rollup_1h); open minutes
 * are read from the samples and written to metric_rollup_1m when they close
 * (metric-rollup-state.ts), so the usual request appends its samples and nothing else. NaN and
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
  // Consecutive samples of one series (remote_write sends a series' samples together, sharing
  // one label object) are keyed once; a label object hinted by its reader is not keyed at all.
  const labelsKeys = new Array<string>(samples.length);
  samples.forEach((s, i) => {
    labelsKeys[i] =
      i > 0 && s.labels === samples[i - 1]!.labels
        ? labelsKeys[i - 1]!
        : (seriesHintOf(s)?.labelsKey ?? labelsKeyOf(s.labels));
  });
  const ids = await seriesIdsOf(db, samples, labelsKeys);
  const rows = sampleRows(samples, ids);
  const write = () =>
    db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      const open = await lockOpenBuckets(tx);
      await copyBinary(tx, "metric_samples (workspace_id, series_id, time, value)", rows);
      const earliest = earliestFrom(samples, open.minutes);
      // Told to closeMinutes, which aggregates open minutes without the lock (metric-minutes.ts).
      if (earliest < Number.POSITIVE_INFINITY)
        await tx.execute(
          sql`INSERT INTO metric_open_writes (min_time) VALUES (${new Date(earliest).toISOString()}::timestamptz)`,
        );
      const lateMinutes = minuteRollupsOf(samples, ids, open.minutes);
      if (lateMinutes.length === 0) return;
      await appendLateSamples(tx, samples, ids, open.minutes);
      await upsertRollup(tx, "metric_rollup_1m", lateMinutes);
      const lateHours = lateMinutes.filter((m) => m.bucket < open.hours);
      if (lateHours.length > 0)
        await upsertRollup(tx, "metric_rollup_1h", hourRollupsOf(lateHours));
    });
  try {
    await write();
  } catch (error) {
    // A day partition this process knew was dropped since (retention, maybe elsewhere): "no
    // partition of relation found for row". Created again, and the batch written once more.
    if (sqlStateOf(error) !== "23514") throw error;
    forgetPartitions(db);
    await ensurePartitions(
      db,
      samples.map((s) => s.time.getTime()),
    );
    await write();
  }
  return samples.length;
}
