import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";
import { connectors } from "./inventory.schema.ts";

/**
 * One metrics or costs pull of one connector. `status`: queued → running → succeeded | failed.
 * A failed metrics pull does not move the connector's cursor, so the next pull asks again for
 * the same window; a failed costs pull imported nothing (the import is all or nothing).
 */
export const connectorPulls = pgTable(
  "connector_pulls",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    connectorId: uuid("connector_id")
      .notNull()
      .references(() => connectors.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"metrics" | "costs">().notNull(),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    jobId: uuid("job_id"),
    /** The window asked for: [from, to). Costs: whole months. */
    periodFrom: timestamp("period_from", { withTimezone: true }),
    periodTo: timestamp("period_to", { withTimezone: true }),
    /** Metrics: samples written. Costs: ledger rows imported. */
    items: integer("items").notNull().default(0),
    /** Costs: the cost import this pull made (costs.imports.list shows it). */
    importId: uuid("import_id"),
    retries: integer("retries").notNull().default(0),
    error: text("error"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.connectorId, t.createdAt)],
);
