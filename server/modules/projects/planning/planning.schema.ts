import {
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";
import { projects, tasks } from "../projects.schema.ts";

/**
 * A milestone (one date) or an epic (a span) on a project's roadmap. Dates are calendar days,
 * read in the workspace's time zone like due dates.
 */
export const roadmapItems = pgTable(
  "roadmap_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** milestone | epic */
    kind: text("kind").$type<"milestone" | "epic">().notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    /** Epics only; a milestone is its end date. */
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }).notNull(),
    /** planned | in_progress | done */
    status: text("status").$type<"planned" | "in_progress" | "done">().notNull().default("planned"),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.endDate), index().on(t.projectId)],
);

/** `itemId` starts only after `dependsOnId` has ended (finish-to-start). */
export const roadmapDependencies = pgTable(
  "roadmap_dependencies",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => roadmapItems.id, { onDelete: "cascade" }),
    dependsOnId: uuid("depends_on_id")
      .notNull()
      .references(() => roadmapItems.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.dependsOnId] }), index().on(t.dependsOnId)],
);

/** The tasks that make up an epic or must be done for a milestone: its progress. */
export const roadmapItemTasks = pgTable(
  "roadmap_item_tasks",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => roadmapItems.id, { onDelete: "cascade" }),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.taskId] }), index().on(t.taskId)],
);

/**
 * Hours a person can give to project work per week; `weekStart` null is the default, a Monday
 * overrides one week (holidays, part-time weeks).
 */
export const memberCapacity = pgTable(
  "member_capacity",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    weekStart: date("week_start", { mode: "string" }),
    hours: numeric("hours").notNull(),
  },
  (t) => [
    unique("member_capacity_one_per_week")
      .on(t.workspaceId, t.userId, t.weekStart)
      .nullsNotDistinct(),
  ],
);

/** A project risk: likelihood × impact on 1–5 scales, with an owner and a mitigation. */
export const risks = pgTable(
  "risks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    likelihood: integer("likelihood").notNull(),
    impact: integer("impact").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    mitigation: text("mitigation").notNull().default(""),
    /** open | mitigating | accepted | closed */
    status: text("status")
      .$type<"open" | "mitigating" | "accepted" | "closed">()
      .notNull()
      .default("open"),
    reviewDate: date("review_date", { mode: "string" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.projectId)],
);
