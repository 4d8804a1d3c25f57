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
import { users } from "../../../platform/auth/auth.schema.ts";
import { workspaces } from "../../../platform/workspaces/workspaces.schema.ts";

/**
 * A trigger and its ordered steps. Runs act as `runAsUserId` (whoever last saved the
 * definition), with that person's role checked by the registry at every step.
 */
export const automations = pgTable(
  "automations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    enabled: boolean("enabled").notNull().default(true),
    /** { kind, ...settings } — see automations.zod.ts ZTrigger. */
    trigger: jsonb("trigger").notNull(),
    /** [{ key, kind, ... }] in order — see ZStep. */
    steps: jsonb("steps").notNull(),
    /**
     * Steps an admin let run without asking: [{ stepKey, fingerprint, approvedBy, approvedAt }].
     * The fingerprint is of the step as approved; an edited step is no longer pre-approved.
     */
    preapprovals: jsonb("preapprovals").notNull().default([]),
    /** Vault name of the webhook trigger's signing secret. */
    webhookSecretName: text("webhook_secret_name"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    /** The person runs act as: the last one to save the definition. */
    runAsUserId: uuid("run_as_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.workspaceId, t.enabled)],
);

export const RUN_STATUSES = [
  "queued",
  "running",
  "waiting",
  "succeeded",
  "failed",
  "stopped",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One execution: the trigger's payload and a frozen copy of the definition it ran. */
export const automationRuns = pgTable(
  "automation_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    automationId: uuid("automation_id")
      .notNull()
      .references(() => automations.id, { onDelete: "cascade" }),
    /** { kind, payload } as the trigger delivered it. */
    trigger: jsonb("trigger").notNull(),
    /** The steps and the pre-approved step keys at the moment the run began. */
    definition: jsonb("definition").notNull(),
    runAsUserId: uuid("run_as_user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status").$type<RunStatus>().notNull().default("queued"),
    error: text("error"),
    /** The job currently advancing the run (a retry of that job may take it over). */
    jobId: uuid("job_id"),
    /** Webhook deliveries: the signature, so a replayed request starts nothing. */
    dedupeKey: text("dedupe_key"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index().on(t.workspaceId, t.automationId, t.createdAt),
    index().on(t.status),
    uniqueIndex().on(t.automationId, t.dedupeKey),
  ],
);

export const STEP_STATUSES = [
  "pending",
  "running",
  "waiting",
  "succeeded",
  "failed",
  "skipped",
  "denied",
] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** What each step of a run received, produced and how it ended. */
export const automationRunSteps = pgTable(
  "automation_run_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    runId: uuid("run_id")
      .notNull()
      .references(() => automationRuns.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    status: text("status").$type<StepStatus>().notNull().default("pending"),
    /** The input after templating (redacted summary once stored). */
    input: jsonb("input"),
    output: jsonb("output"),
    error: text("error"),
    /** The approvals-inbox request a mutating step waits on. */
    approvalId: uuid("approval_id"),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex().on(t.runId, t.position)],
);
