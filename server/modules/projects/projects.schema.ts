import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../../platform/auth/auth.schema.ts";
import { workspaces } from "../../platform/workspaces/workspaces.schema.ts";
import { clients } from "../invoicing/invoicing.schema.ts";

/**
 * A body of work for one client (or for the agency itself). Its cost scope uses the explorer's
 * filters, so the project's cloud spend comes straight from the ledger.
 */
export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    /** Short upper-case prefix of task numbers: WEB → WEB-12. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** The client the project is for (its time and cost are billed to it), if any. */
    clientId: uuid("client_id").references(() => clients.id, { onDelete: "set null" }),
    /** active | archived */
    status: text("status").notNull().default("active"),
    /** The explorer's filters that select this project's resources: { tags: {...}, ResourceId: [...] }. */
    costScope: jsonb("cost_scope").notNull().default({}),
    /** points | hours: how task estimates are counted on this project. */
    estimateUnit: text("estimate_unit").notNull().default("points"),
    /** Default hourly rate of billable time, in `currency`; people may have their own rates. */
    hourlyRate: numeric("hourly_rate"),
    currency: text("currency"),
    /** { mode: "none" | "up" | "nearest" | "down", minutes: 1..60 } applied to billable time. */
    timeRounding: jsonb("time_rounding").notNull().default({ mode: "none", minutes: 1 }),
    /** The next task number; taken with UPDATE … RETURNING so numbers never repeat. */
    nextTaskNumber: integer("next_task_number").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.workspaceId, t.key), index().on(t.workspaceId, t.clientId)],
);

/** A board column, which is also a task status. `category` tells reports what it means. */
export const projectColumns = pgTable(
  "project_columns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** backlog | todo | in_progress | done */
    category: text("category").notNull(),
    position: integer("position").notNull(),
    /** Most tasks the column should hold; exceeding it warns, it does not refuse. */
    wipLimit: integer("wip_limit"),
  },
  (t) => [index().on(t.projectId, t.position), index().on(t.workspaceId)],
);

/** A sprint (cycle): planned from the backlog, started, completed with carry-over. */
export const sprints = pgTable(
  "sprints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    goal: text("goal").notNull().default(""),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    /** planned | active | completed */
    state: text("state").notNull().default("planned"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    /** Estimate committed when the sprint started, and done when it completed. */
    committed: numeric("committed"),
    completed: numeric("completed"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.projectId, t.startDate),
    index().on(t.workspaceId),
    // One active sprint per project.
    uniqueIndex("sprints_one_active_per_project").on(t.projectId).where(sql`state = 'active'`),
  ],
);

export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    /** Markdown. */
    description: text("description").notNull().default(""),
    columnId: uuid("column_id")
      .notNull()
      .references(() => projectColumns.id),
    /** Fractional index (fractional-indexing): order within a column and in the backlog. */
    rank: text("rank").notNull(),
    /** urgent | high | medium | low | none */
    priority: text("priority").notNull().default("none"),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    labels: text("labels").array().notNull().default(sql`'{}'::text[]`),
    /** In the project's estimate unit. */
    estimate: numeric("estimate"),
    dueDate: date("due_date", { mode: "string" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => tasks.id, { onDelete: "cascade" }),
    sprintId: uuid("sprint_id").references(() => sprints.id, { onDelete: "set null" }),
    /** When it entered a "done" column; cleared when reopened. */
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.projectId, t.number),
    index().on(t.projectId, t.columnId, t.rank),
    // The board's pages (tasks.board): a column's cards in rank (byte) order, and a done
    // column's latest completed first, read a page at a time instead of sorting the column.
    index("tasks_board_rank_index").on(
      t.projectId,
      t.columnId,
      sql`(rank COLLATE "C")`,
      t.number,
      t.id,
    ),
    index("tasks_board_done_index").on(
      t.projectId,
      t.columnId,
      t.completedAt.desc().nullsLast(),
      t.number,
      t.id,
    ),
    index().on(t.workspaceId, t.assigneeId),
    index().on(t.sprintId),
    index().on(t.parentId),
    index().on(t.workspaceId, t.dueDate),
  ],
);

/** `taskId` is blocked by `blockerId`. Cycles are refused by the service. */
export const taskDependencies = pgTable(
  "task_dependencies",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    blockerId: uuid("blocker_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.blockerId] }), index().on(t.blockerId)],
);

/**
 * What a task points at outside the board: a resource (FOCUS ResourceId or inventory id), an
 * alert, a cost anomaly, an invoice, a commit, a related task or a plain URL.
 */
export const taskLinks = pgTable(
  "task_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    /** resource | alert | cost_anomaly | invoice | commit | task | url */
    kind: text("kind").notNull(),
    target: text("target").notNull(),
    title: text("title"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.taskId, t.kind, t.target),
    index().on(t.workspaceId, t.kind, t.target),
  ],
);

/**
 * What happened to a task, in order: created, moved, estimate changed, added to or removed
 * from a sprint, completed, reopened. Burndown and velocity are replayed from it.
 */
export const taskEvents = pgTable(
  "task_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    /** No foreign key: a deleted task's history stays, so past burndowns do not change. */
    taskId: uuid("task_id").notNull(),
    type: text("type").notNull(),
    /** The fields the event changed, before and after: { from: {...}, to: {...} }. */
    data: jsonb("data").notNull().default({}),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.taskId, t.at), index().on(t.projectId, t.at)],
);

/** A named filter and grouping of the task list, for its author or the whole workspace. */
export const savedViews = pgTable(
  "saved_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "cascade" }),
    ownerId: uuid("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** tasks.list's filters, grouping and sort. */
    query: jsonb("query").notNull(),
    shared: boolean("shared").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.ownerId)],
);

/**
 * A stretch of someone's time. A running timer has no `endedAt`: one per person and
 * workspace. Billable entries are what invoicing bills as hourly lines; `invoiceId` locks them.
 */
export const timeEntries = pgTable(
  "time_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    taskId: uuid("task_id").references(() => tasks.id, { onDelete: "set null" }),
    description: text("description").notNull().default(""),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** Seconds worked as recorded (endedAt − startedAt for timers; typed for manual entries). */
    seconds: integer("seconds"),
    billable: boolean("billable").notNull().default(true),
    /** Hourly rate when the entry was logged, in `currency`: later rate changes do not rewrite it. */
    rate: numeric("rate"),
    currency: text("currency"),
    /** The invoice that billed this entry; it is read-only from then on. */
    invoiceId: uuid("invoice_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.workspaceId, t.userId, t.startedAt),
    index().on(t.projectId, t.startedAt),
    index().on(t.taskId),
    uniqueIndex("time_entries_one_running_timer")
      .on(t.workspaceId, t.userId)
      .where(sql`ended_at is null`),
  ],
);

/** A person's billing rate (what the client pays) and cost rate (what the hour costs us). */
export const memberRates = pgTable(
  "member_rates",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    hourlyRate: numeric("hourly_rate"),
    costRate: numeric("cost_rate"),
    currency: text("currency").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/** A wiki page or runbook. Bodies are Markdown; every save is a version. */
export const docPages = pgTable(
  "doc_pages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    parentId: uuid("parent_id").references((): AnyPgColumn => docPages.id, {
      onDelete: "cascade",
    }),
    projectId: uuid("project_id").references(() => projects.id, { onDelete: "set null" }),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    /** page | runbook | playbook | postmortem | adr */
    kind: text("kind").notNull().default("page"),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.workspaceId, t.parentId, t.position),
    index("doc_pages_search").using(
      "gin",
      sql`to_tsvector('simple', ${t.title} || ' ' || ${t.body})`,
    ),
  ],
);

export const docVersions = pgTable(
  "doc_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    pageId: uuid("page_id")
      .notNull()
      .references(() => docPages.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.pageId, t.version)],
);

/** What a page is about: resources and alerts (an alert names its runbook this way too). */
export const docLinks = pgTable(
  "doc_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    pageId: uuid("page_id")
      .notNull()
      .references(() => docPages.id, { onDelete: "cascade" }),
    /** resource | alert | task | url */
    kind: text("kind").notNull(),
    target: text("target").notNull(),
    title: text("title"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex().on(t.pageId, t.kind, t.target),
    index().on(t.workspaceId, t.kind, t.target),
  ],
);
