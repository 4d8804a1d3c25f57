import {
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { resources } from "../inventory.schema.ts";

/**
 * A service of the catalog: resources grouped under a name and an owner. Members are listed
 * (service_resources) or matched at read time by `tagSelector` (every key=value must match), so a
 * resource tagged `service=checkout` joins without anyone adding it.
 */
export const services = pgTable(
  "services",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** A member of the workspace who answers for it. */
    ownerUserId: uuid("owner_user_id"),
    /** critical | high | medium | low. */
    tier: text("tier").notNull().default("medium"),
    runbookUrl: text("runbook_url"),
    repoUrl: text("repo_url"),
    tagSelector: jsonb("tag_selector").$type<Record<string, string>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.workspaceId, t.name)],
);

export const serviceResources = pgTable(
  "service_resources",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    serviceId: uuid("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    resourceId: uuid("resource_id")
      .notNull()
      .references(() => resources.id, { onDelete: "cascade" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.resourceId] }), index().on(t.resourceId)],
);
