import {
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { incidents } from "../../observability/alerts/alerts.schema.ts";

/** A related change the triage found (an inventory change near the incident). */
export interface TriageChange {
  at: string;
  kind: string;
  resource: string;
  detail: string;
}

/**
 * The AI model's triage note of an incident, written once when the incident opens. The model's
 * text is shown as its opinion; the evidence (changes, runbook) was gathered by the server.
 */
export const incidentTriage = pgTable(
  "incident_triage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    alertId: uuid("alert_id"),
    /** pending | done | failed */
    status: text("status").notNull(),
    summary: text("summary"),
    likelyCause: text("likely_cause"),
    relatedChanges: jsonb("related_changes").$type<TriageChange[]>().notNull().default([]),
    /** The wiki page the alert names as its runbook, if any. */
    runbookPageId: uuid("runbook_page_id"),
    runbookTitle: text("runbook_title"),
    nextSteps: jsonb("next_steps").$type<string[]>().notNull().default([]),
    model: text("model"),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    error: text("error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.incidentId), index().on(t.workspaceId)],
);
