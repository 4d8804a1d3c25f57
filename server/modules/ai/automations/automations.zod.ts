import { z } from "zod";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { RUN_STATUSES, STEP_STATUSES } from "./automations.schema.ts";

/** Trigger kinds wired to something that really fires. */
export const TRIGGER_KINDS = [
  "manual",
  "schedule",
  "webhook",
  "costAnomaly",
  "budgetThreshold",
  "alertFired",
  "newLogPattern",
] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const zTrigger = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("manual") }),
  z.strictObject({
    kind: z.literal("schedule"),
    cron: z.string().trim().min(1).max(120).describe("Five cron fields, e.g. 0 8 * * 1"),
    timezone: z.string().max(60).default("UTC"),
  }),
  z.strictObject({ kind: z.literal("webhook") }),
  z.strictObject({
    kind: z.literal("costAnomaly"),
    minSeverity: z.enum(["medium", "high"]).default("medium"),
  }),
  z.strictObject({
    kind: z.literal("budgetThreshold"),
    budgetId: zId.optional().describe("Only this budget; any budget when absent"),
    minPercent: z.number().int().min(1).max(1000).optional(),
  }),
  z.strictObject({
    kind: z.literal("alertFired"),
    ruleId: zId.optional().describe("Only alerts of this rule; any rule when absent"),
    minSeverity: z.enum(["info", "warning", "critical"]).default("warning"),
  }),
  z.strictObject({
    kind: z.literal("newLogPattern"),
    service: z.string().max(200).optional().describe("Only patterns of this service"),
    minLevel: z
      .enum(["trace", "debug", "info", "warn", "error", "fatal"])
      .optional()
      .describe("Only patterns logged at this level or worse"),
  }),
]);
export type Trigger = z.infer<typeof zTrigger>;

const zStepKey = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,39}$/, "must start with a lower-case letter: letters, digits, _");
const zWhen = z
  .string()
  .max(500)
  .optional()
  .describe("Run the step only when this expression is true, e.g. steps.find.output.total > 100");

export const zStep = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("operation"),
    key: zStepKey,
    operation: z.string().min(1).max(120).describe("A registry operation, e.g. costs.summary"),
    input: z
      .record(z.string(), z.unknown())
      .default({})
      .describe("The operation's input; strings may hold {{ expressions }}"),
    when: zWhen,
  }),
  z.strictObject({
    kind: z.literal("agent"),
    key: zStepKey,
    prompt: z.string().trim().min(1).max(8000),
    when: zWhen,
  }),
  z.strictObject({
    kind: z.literal("condition"),
    key: zStepKey,
    expression: z.string().trim().min(1).max(500).describe("The run stops here when false"),
  }),
  z.strictObject({
    kind: z.literal("notify"),
    key: zStepKey,
    title: z.string().trim().min(1).max(300),
    body: z.string().max(4000).default(""),
    recipients: z.enum(["runAs", "admins", "staff"]).default("runAs"),
    when: zWhen,
  }),
]);
export type Step = z.infer<typeof zStep>;

export const zSteps = z.array(zStep).min(1).max(20);

export const zPreapproval = z.object({
  stepKey: z.string(),
  operation: z.string(),
  approvedBy: zId.nullable(),
  approvedByLabel: z.string(),
  approvedAt: z.string(),
  /** False when the step was edited after the approval: it asks again. */
  isCurrent: z.boolean(),
});

export const zAutomation = z.object({
  id: zId,
  name: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  trigger: zTrigger,
  steps: z.array(zStep),
  preapprovals: z.array(zPreapproval),
  webhookUrl: z.string().nullable().describe("Path to POST to, for webhook triggers"),
  runAsUserId: zId.nullable(),
  runAsLabel: z.string().nullable(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
  lastRun: z.object({ id: zId, status: z.enum(RUN_STATUSES), createdAt: zTimestamp }).nullable(),
});

export const zRunStep = z.object({
  position: z.number(),
  key: z.string(),
  kind: z.string(),
  status: z.enum(STEP_STATUSES),
  input: z.unknown(),
  output: z.unknown(),
  error: z.string().nullable(),
  approvalId: zId.nullable(),
  startedAt: zTimestamp.nullable(),
  finishedAt: zTimestamp.nullable(),
});

export const zRun = z.object({
  id: zId,
  automationId: zId,
  status: z.enum(RUN_STATUSES),
  triggerKind: z.string(),
  error: z.string().nullable(),
  createdAt: zTimestamp,
  startedAt: zTimestamp.nullable(),
  finishedAt: zTimestamp.nullable(),
});

export const zRunDetail = zRun.extend({
  trigger: z.unknown(),
  /** Inputs and outputs are shown to admins and to the person the run acted as. */
  detailsHidden: z.boolean(),
  steps: z.array(zRunStep),
});
