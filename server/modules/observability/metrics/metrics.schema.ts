import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
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
/** Per-hour roll-up: what long ranges and dashboards read. */
export const metricRollup1h = rollup("metric_rollup_1h");
