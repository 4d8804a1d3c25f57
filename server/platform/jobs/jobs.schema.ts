import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id"),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull().default({}),
    /** queued → running → succeeded | failed (after the last attempt) | cancelled */
    status: text("status")
      .$type<"queued" | "running" | "succeeded" | "failed" | "cancelled">()
      .notNull()
      .default("queued"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text("locked_by"),
    lockedAt: timestamp("locked_at", { withTimezone: true }),
    lastError: text("last_error"),
    result: jsonb("result"),
    /** At most one queued or running job per key. */
    singletonKey: text("singleton_key"),
    /**
     * Asked for again while running (`rerunIfRunning`): what it works on changed under it, so a
     * fresh copy is queued when this run ends.
     */
    rerunRequested: boolean("rerun_requested").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("jobs_claim_idx").on(t.status, t.runAt),
    index().on(t.workspaceId, t.createdAt),
    uniqueIndex("jobs_singleton_idx")
      .on(t.singletonKey)
      .where(sql`status in ('queued', 'running')`),
  ],
);

export const schedules = pgTable(
  "schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id"),
    /** Unique per workspace (or instance-wide when workspace is null). */
    key: text("key").notNull(),
    cron: text("cron").notNull(),
    timezone: text("timezone").notNull().default("UTC"),
    jobName: text("job_name").notNull(),
    payload: jsonb("payload").notNull().default({}),
    enabled: boolean("enabled").notNull().default(true),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.key)],
);
