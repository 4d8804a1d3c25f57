import {
  date,
  doublePrecision,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/** A day whose cost for one dimension value (a service, an account, a tag value) was unexpected. */
export const costAnomalies = pgTable(
  "cost_anomalies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    day: date("day", { mode: "string" }).notNull(),
    /** The FOCUS column or "tag:<key>" the series is cut by, e.g. ServiceName. */
    dimension: text("dimension").notNull(),
    /** The value of that dimension, e.g. "Amazon EC2"; "" for the workspace total. */
    key: text("key").notNull(),
    currency: text("currency").notNull(),
    actual: numeric("actual").notNull(),
    expected: numeric("expected").notNull(),
    lower: numeric("lower").notNull(),
    upper: numeric("upper").notNull(),
    score: doublePrecision("score").notNull(),
    /** low | medium | high */
    severity: text("severity").notNull(),
    /** What drove the change: [{ dimension, key, actual, expected, deviation, share }]. */
    rootCause: jsonb("root_cause").notNull(),
    /** open | acknowledged */
    status: text("status").notNull().default("open"),
    acknowledgedBy: uuid("acknowledged_by").references(() => users.id, { onDelete: "set null" }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    /**
     * When a restated bill took the day's unexpected cost away from an anomaly kept for its
     * acknowledgement or task: its numbers are those it was found with. Null while the ledger
     * still shows it.
     */
    restatedAt: timestamp("restated_at", { withTimezone: true }),
    /** The task it became (projects module); no foreign key until that table exists. */
    taskId: uuid("task_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.workspaceId, t.day, t.dimension, t.key),
    index().on(t.workspaceId, t.status, t.day),
  ],
);
