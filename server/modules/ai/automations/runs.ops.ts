import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { roleHas } from "../../../platform/operations/permissions.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { approvals } from "../approvals/approvals.schema.ts";
import { approvalOf, decide, emailOf } from "../approvals/approvals.service.ts";
import { automationRunSteps, automationRuns, RUN_STATUSES } from "./automations.schema.ts";
import { automationOf, stepOperation } from "./automations.service.ts";
import { zRun, zRunDetail, zStep, zTrigger } from "./automations.zod.ts";
import { listRuns, runOf, startRun, stepsOf, viewOfRun } from "./runs.service.ts";
import { playbookTemplates } from "./templates.ts";

/**
 * Denies the inbox requests that runs of this automation wait on, so deleting it cannot
 * leave a request that would still run its mutation once approved.
 */
export async function denyWaitingApprovals(
  ctx: OperationContext,
  automationId: string,
  reason: string,
) {
  const workspaceId = workspaceOf(ctx);
  const waiting = await ctx.db
    .select({ approvalId: automationRunSteps.approvalId })
    .from(automationRunSteps)
    .innerJoin(automationRuns, eq(automationRuns.id, automationRunSteps.runId))
    .where(
      and(
        eq(automationRuns.workspaceId, workspaceId),
        eq(automationRuns.automationId, automationId),
        eq(automationRunSteps.status, "waiting"),
      ),
    );
  const ids = waiting.map((w) => w.approvalId).filter((id): id is string => !!id);
  if (ids.length === 0) return;
  const pending = await ctx.db
    .select({ id: approvals.id })
    .from(approvals)
    .where(
      and(
        eq(approvals.workspaceId, workspaceId),
        inArray(approvals.id, ids),
        eq(approvals.status, "pending"),
      ),
    );
  for (const { id } of pending) {
    const row = await approvalOf(ctx.db, workspaceId, id);
    await decide(ctx.db, row, { status: "denied", decidedBy: userOf(ctx) ?? null, reason });
  }
}

export const automationsRun = defineOperation({
  name: "automations.run",
  summary: "Run an automation now, whatever its trigger; it acts as the person it runs as",
  description:
    "`payload` is what the steps see as `trigger` (e.g. a sample webhook body). Returns at once; the run goes on as a job. Pre-approvals apply only when the person the automation runs as starts it.",
  input: z.strictObject({
    id: zId,
    payload: z.record(z.string(), z.unknown()).default({}),
  }),
  output: zRun,
  permission: "automations:manage",
  mutates: true,
  handler: async ({ id, payload }, ctx) => {
    const automation = await automationOf(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = automation.id;
    const userId = userOf(ctx);
    const by = userId ? await emailOf(ctx.db, userId) : ctx.actor.type;
    // Someone else choosing the payload of a run that acts as another person gets no
    // pre-approvals: each change asks, so nobody borrows an admin's standing decision.
    const isRunAs = !!userId && userId === automation.runAsUserId;
    const run = await startRun(
      ctx.db,
      ctx.services.jobs,
      automation,
      { kind: "manual", payload: { ...payload, startedBy: by } },
      { withoutPreapprovals: !isRunAs },
    );
    return viewOfRun(run!);
  },
});

export const automationsRunsList = defineOperation({
  name: "automations.runs.list",
  summary: "Runs of automations, newest first",
  input: z.object({
    automationId: zId.optional(),
    status: z.enum(RUN_STATUSES).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }),
  output: z.array(zRun),
  permission: "automations:read",
  mutates: false,
  handler: async (input, ctx) =>
    (await listRuns(ctx.db, workspaceOf(ctx), input)).map((row) => viewOfRun(row)),
});

export const automationsRunsGet = defineOperation({
  name: "automations.runs.get",
  summary: "One run: its trigger and each step's status, timing, input, output and approval",
  description:
    "Inputs, outputs and the trigger payload are shown to owners, admins and the person the run acted as (it read with their role); others see statuses and errors.",
  input: z.object({ id: zId }),
  output: zRunDetail,
  permission: "automations:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const run = await runOf(ctx.db, workspaceOf(ctx), id);
    const isAllowed =
      (!!ctx.membership && roleHas(ctx.membership.role, "automations:preapprove")) ||
      (!!run.runAsUserId && run.runAsUserId === userOf(ctx));
    const steps = await stepsOf(ctx.db, run.id);
    return {
      ...viewOfRun(run),
      trigger: isAllowed ? run.trigger : { kind: (run.trigger as { kind: string }).kind },
      detailsHidden: !isAllowed,
      steps: steps.map((step) => ({
        position: step.position,
        key: step.key,
        kind: step.kind,
        status: step.status,
        input: isAllowed ? step.input : null,
        output: isAllowed ? step.output : null,
        error: step.error,
        approvalId: step.approvalId,
        startedAt: step.startedAt,
        finishedAt: step.finishedAt,
      })),
    };
  },
});

export const automationsTemplates = defineOperation({
  name: "automations.templates",
  summary: "Playbook templates, and for those Glass Pane cannot run yet, what is missing",
  input: z.object({}),
  output: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      trigger: zTrigger,
      steps: z.array(zStep),
      placeholders: z.array(z.string()),
      operations: z.array(z.string()),
      available: z.boolean(),
      gap: z.string().nullable(),
    }),
  ),
  permission: "automations:read",
  mutates: false,
  handler: async () => {
    const { operationsByName } = await import("../../../registry.ts");
    const templates = playbookTemplates((name) => operationsByName.has(name));
    // Steps the catalog would refuse make the template unavailable too.
    for (const template of templates)
      for (const step of template.steps)
        if (step.kind === "operation" && !(await stepOperation(step.operation))) {
          template.available = false;
          template.gap = `${step.operation} is not an operation automations may run`;
        }
    return templates;
  },
});

export const automationsOperations = defineOperation({
  name: "automations.operations",
  summary: "Operations an automation step may run, and whether each needs approval",
  input: z.object({}),
  output: z.array(z.object({ name: z.string(), summary: z.string(), mutates: z.boolean() })),
  permission: "automations:read",
  mutates: false,
  handler: async () => {
    const { allOperationTools } = await import("../tools/catalog.ts");
    return allOperationTools()
      .map((tool) => ({
        name: tool.operation.name,
        summary: tool.operation.summary,
        mutates: tool.operation.mutates,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },
});

export const runOperations = [
  automationsOperations,
  automationsRun,
  automationsRunsList,
  automationsRunsGet,
  automationsTemplates,
] as const;
