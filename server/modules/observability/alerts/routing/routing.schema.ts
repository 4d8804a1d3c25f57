import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../../platform/workspaces/workspaces.schema.ts";

/** What a routing rule matches; every given condition must hold. */
export interface RoutingMatch {
  /** Alert labels that must have exactly these values. */
  labels?: Record<string, string>;
  /** The alert's `service` label. */
  service?: string;
  /** Any of these severities. */
  severities?: string[];
  /** The provider of the alert's resource (its `resourceId` label), e.g. aws. */
  provider?: string;
  /** A tag of the alert's resource: key, and value when given. */
  tag?: { key: string; value?: string };
}

/**
 * Where a firing alert's incident goes: a person (assignee, notified in the app) and/or
 * destinations (webhooks). Rules are tried in position order; the first that matches wins
 * (Alertmanager's default), unless it says `continueMatching`.
 */
export const alertRoutingRules = pgTable(
  "alert_routing_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    match: jsonb("match").$type<RoutingMatch>().notNull(),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    destinationIds: jsonb("destination_ids").$type<string[]>().notNull().default([]),
    continueMatching: boolean("continue_matching").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.position)],
);
