import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/**
 * One metric series: a name and its label set (Prometheus' data model; OTLP attributes become
 * labels). Samples and roll-ups refer to it by id so the label set is stored once.
 */
export const metricSeries = pgTable(
  "metric_series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    /** Canonical JSON of the sorted labels: the identity of the series within its name. */
    labelsKey: text("labels_key").notNull(),
    /** Inventory resource of the ingest key that first sent it (no FK: another module's table). */
    resourceId: uuid("resource_id"),
    /**
     * Its samples are increases since the sample before (OTLP DELTA temporality), not running
     * totals: rates add them up (metric-increase.ts). Set by the first sample that names it.
     */
    isDelta: boolean("is_delta").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("metric_series_identity_idx").on(t.workspaceId, t.name, t.labelsKey),
    index().on(t.workspaceId, t.name),
  ],
);

function rollup(name: string) {
  return pgTable(
    name,
    {
      workspaceId: uuid("workspace_id")
        .notNull()
        .references(() => workspaces.id, { onDelete: "cascade" }),
      seriesId: uuid("series_id")
        .notNull()
        .references(() => metricSeries.id, { onDelete: "cascade" }),
      bucket: timestamp("bucket", { withTimezone: true }).notNull(),
      count: integer("count").notNull(),
      sum: doublePrecision("sum").notNull(),
      min: doublePrecision("min").notNull(),
      max: doublePrecision("max").notNull(),
      /** The latest sample's time: what a rate's seconds are counted to (null before 0043). */
      lastTime: timestamp("last_time", { withTimezone: true }),
    },
    (t) => [primaryKey({ columns: [t.seriesId, t.bucket] }), index().on(t.workspaceId, t.bucket)],
  );
}

/**
 * Per-minute roll-up of the closed minutes (before metric_rollup_1m_state.open_from): built from
 * the raw samples when a minute closes (closeMinutes), and upserted by ingest only for samples
 * arriving after their minute closed. Readers use the metric_rollup_minutely view, which adds
 * the open minutes from the samples (metric-views.ts).
 */
export const metricRollup1m = rollup("metric_rollup_1m");
/**
 * Per-hour roll-up of the closed hours (before metric_rollup_1h_state.open_from): built from
 * the minute roll-up when an hour closes (closeHours), and upserted by ingest only for samples
 * arriving after their hour closed. Readers use metricRollupHourly, which adds the open hours.
 */
export const metricRollup1h = rollup("metric_rollup_1h");

/**
 * Each series' raw samples of a closed minute, as two parallel arrays (in no set order): the
 * per-series store of raw samples. metric_samples is indexed time-first so ingest appends at one
 * edge whatever the number of series; closing a minute (closeMinutes) writes one row per series
 * here, under a series-first key, so a series' samples are read by its own key range
 * (metric-reads.ts). Samples arriving after their minute closed are appended by ingest.
 */
export const metricMinuteSamples = pgTable(
  "metric_minute_samples",
  {
    // No foreign keys: their checks were most of a closing's cost per row (bench/RESULTS.md).
    // Deleting a workspace purges its rows (workspace-purge.ts); closing skips series gone.
    workspaceId: uuid("workspace_id").notNull(),
    seriesId: uuid("series_id").notNull(),
    bucket: timestamp("bucket", { withTimezone: true }).notNull(),
    times: timestamp("times", { withTimezone: true }).array().notNull(),
    vals: doublePrecision("vals").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.bucket] }), index().on(t.workspaceId, t.bucket)],
);

function rollupState(name: string) {
  return pgTable(
    name,
    {
      id: boolean("id").primaryKey().default(true),
      openFrom: timestamp("open_from", { withTimezone: true }).notNull(),
    },
    (t) => [check(`${name}_one_row`, sql`${t.id}`)],
  );
}

/** One row: where the open hours start (the hours not yet in metric_rollup_1h). */
export const metricRollup1hState = rollupState("metric_rollup_1h_state");
/**
 * One row: where the open minutes start (the minutes not yet in metric_rollup_1m). Never before
 * metric_rollup_1h_state.open_from: an hour closes only once its minutes have.
 */
export const metricRollup1mState = rollupState("metric_rollup_1m_state");

/**
 * One row per ingest transaction that wrote samples of open minutes: the earliest of them.
 * Closing a span of minutes counts the rows before it aggregates the span and again once it
 * holds the lock exclusively: the same count, and no writer added to the span meanwhile, so the
 * aggregate stands without having held the lock while it was computed (metric-minutes.ts).
 */
export const metricOpenWrites = pgTable("metric_open_writes", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  minTime: timestamp("min_time", { withTimezone: true }).notNull(),
});

/**
 * Hourly roll-up as readers see it: metric_rollup_1h for the closed hours, the open hours
 * folded from metric_rollup_minutely. Created at start-up with the samples table it reads
 * (metric-views.ts), so declared here as existing, for typed queries only.
 */
export const metricRollupHourly = pgView("metric_rollup_hourly", {
  workspaceId: uuid("workspace_id").notNull(),
  seriesId: uuid("series_id").notNull(),
  bucket: timestamp("bucket", { withTimezone: true }).notNull(),
  count: bigint("count", { mode: "number" }).notNull(),
  sum: doublePrecision("sum").notNull(),
  min: doublePrecision("min").notNull(),
  max: doublePrecision("max").notNull(),
}).existing();
