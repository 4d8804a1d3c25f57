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
    },
    (t) => [primaryKey({ columns: [t.seriesId, t.bucket] }), index().on(t.workspaceId, t.bucket)],
  );
}

/** Per-minute count, sum, min and max of each series, maintained as samples arrive. */
export const metricRollup1m = rollup("metric_rollup_1m");
/**
 * Per-hour roll-up of the closed hours (before metric_rollup_1h_state.open_from): built from
 * the minute roll-up when an hour closes (closeHours), and upserted by ingest only for samples
 * arriving after their hour closed. Readers use metricRollupHourly, which adds the open hours.
 */
export const metricRollup1h = rollup("metric_rollup_1h");

/** One row: where the open hours start (the hours not yet in metric_rollup_1h). */
export const metricRollup1hState = pgTable(
  "metric_rollup_1h_state",
  {
    id: boolean("id").primaryKey().default(true),
    openFrom: timestamp("open_from", { withTimezone: true }).notNull(),
  },
  (t) => [check("metric_rollup_1h_state_one_row", sql`${t.id}`)],
);

/**
 * Hourly roll-up as readers see it: metric_rollup_1h for the closed hours, the open hours
 * folded from the minute roll-up. One statement reads both with one snapshot, and closing an
 * hour moves open_from and writes its rows in one transaction, so no hour is counted twice or
 * missed. Without the state row (before ensureMetricStorage) every hour counts as closed.
 */
export const metricRollupHourly = pgView("metric_rollup_hourly", {
  workspaceId: uuid("workspace_id").notNull(),
  seriesId: uuid("series_id").notNull(),
  bucket: timestamp("bucket", { withTimezone: true }).notNull(),
  count: bigint("count", { mode: "number" }).notNull(),
  sum: doublePrecision("sum").notNull(),
  min: doublePrecision("min").notNull(),
  max: doublePrecision("max").notNull(),
}).as(sql`SELECT workspace_id, series_id, bucket, count::bigint AS count, sum, min, max
  FROM metric_rollup_1h
  WHERE bucket < coalesce((SELECT open_from FROM metric_rollup_1h_state), 'infinity')
  UNION ALL
  SELECT workspace_id, series_id, date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00') AS bucket,
    sum(count)::bigint AS count, sum(sum) AS sum, min(min) AS min, max(max) AS max
  FROM metric_rollup_1m
  WHERE bucket >= coalesce((SELECT open_from FROM metric_rollup_1h_state), 'infinity')
  GROUP BY workspace_id, series_id, date_bin('1 hour', bucket, timestamptz '2000-01-01 00:00:00+00')`);
