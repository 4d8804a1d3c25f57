import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import type { Panel } from "./dashboards.zod.ts";

/**
 * A dashboard: a grid of panels, visible to the whole workspace. Panels live in one JSON column:
 * they are always read and written with their dashboard, and a rearrangement is one update.
 */
export const dashboards = pgTable(
  "dashboards",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The time range the dashboard opens with ("1h", "24h", "7d", "30d"). */
    range: text("range").notNull().default("24h"),
    panels: jsonb("panels").$type<Panel[]>().notNull().default([]),
    /** The creator may edit, as may owners and admins; set null when the person is removed. */
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.name)],
);

/** A named Logs explorer query (text, service, level, range, attributes), shared with the workspace. */
export const logSavedSearches = pgTable(
  "log_saved_searches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    query: jsonb("query").$type<Record<string, unknown>>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("log_saved_searches_name_idx").on(t.workspaceId, t.name)],
);
