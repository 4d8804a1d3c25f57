import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { conflict, forbidden, invalid } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { emailOf } from "../approvals/approvals.service.ts";
import { automations } from "./automations.schema.ts";
import {
  automationOf,
  checkDefinition,
  dropWebhookSecret,
  fingerprintOf,
  lastRunsOf,
  listAutomations,
  rotateWebhookSecret,
  type StoredPreapproval,
  scheduleKeyOf,
  stepOperation,
  syncTriggerResources,
  viewOfAutomation,
  webhookPathOf,
} from "./automations.service.ts";
import { type Step, zAutomation, zSteps, zTrigger } from "./automations.zod.ts";
import { denyWaitingApprovals } from "./runs.ops.ts";

/**
 * Automations act for a person: only someone signed in defines one (an API token may be scoped
 * below its owner's role, and a run acts with the owner's full role, so a token may not).
 */
function personOf(ctx: OperationContext): string {
  if (ctx.actor.type !== "user")
    throw forbidden("Automations are defined by a person signed in to Glass Pane, not by a token");
  return ctx.actor.userId;
}

const zSaved = zAutomation.extend({
  webhookSecret: z
    .string()
    .nullable()
    .describe("The webhook signing secret, shown only when it was made by this call"),
});

async function view(ctx: OperationContext, row: typeof automations.$inferSelect) {
  const last = await lastRunsOf(ctx.db, row.workspaceId, [row.id]);
  return viewOfAutomation(ctx.db, row, last.get(row.id));
}

export const automationsList = defineOperation({
  name: "automations.list",
  summary: "Automations of the workspace: trigger, steps, pre-approvals and the last run",
  input: z.object({}),
  output: z.array(zAutomation),
  permission: "automations:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const rows = await listAutomations(ctx.db, workspaceId);
    const last = await lastRunsOf(
      ctx.db,
      workspaceId,
      rows.map((r) => r.id),
    );
    return Promise.all(rows.map((row) => viewOfAutomation(ctx.db, row, last.get(row.id))));
  },
});

export const automationsGet = defineOperation({
  name: "automations.get",
  summary: "One automation",
  input: z.object({ id: zId }),
  output: zAutomation,
  permission: "automations:read",
  mutates: false,
  handler: async ({ id }, ctx) => view(ctx, await automationOf(ctx.db, workspaceOf(ctx), id)),
});

export const automationsCreate = defineOperation({
  name: "automations.create",
  summary: "Define an automation: a trigger and ordered steps; it runs as you",
  description:
    "Mutating operation steps wait in the approvals inbox on every run unless an admin pre-approves the step (automations.preapprove). A webhook trigger's signing secret is returned once.",
  input: z.strictObject({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(2000).optional(),
    enabled: z.boolean().default(true),
    trigger: zTrigger,
    steps: zSteps,
  }),
  output: zSaved,
  permission: "automations:manage",
  mutates: true,
  example: {
    name: "Weekly spend summary",
    trigger: { kind: "schedule", cron: "0 8 * * 1" },
    steps: [{ kind: "agent", key: "summary", prompt: "Summarise last week's spend" }],
  },
  handler: async (input, ctx) => {
    const userId = personOf(ctx);
    await checkDefinition(input.trigger, input.steps);
    const [row] = await ctx.db
      .insert(automations)
      .values({
        workspaceId: workspaceOf(ctx),
        name: input.name,
        description: input.description ?? null,
        enabled: input.enabled,
        trigger: input.trigger,
        steps: input.steps,
        createdBy: userId,
        runAsUserId: userId,
      })
      .returning();
    ctx.audit.targetId = row!.id;
    const webhookSecret = await syncTriggerResources(ctx.db, ctx.services, row!);
    return {
      ...(await view(ctx, await automationOf(ctx.db, row!.workspaceId, row!.id))),
      webhookSecret,
    };
  },
});

export const automationsUpdate = defineOperation({
  name: "automations.update",
  summary: "Change an automation; from now on it runs as you",
  description:
    "Changing the trigger or any step voids its pre-approvals: an admin looks again. Runs already started keep the definition they began with.",
  input: z.strictObject({
    id: zId,
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    enabled: z.boolean().optional(),
    trigger: zTrigger.optional(),
    steps: zSteps.optional(),
  }),
  output: zSaved,
  permission: "automations:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const userId = personOf(ctx);
    const before = await automationOf(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = before.id;
    const trigger = input.trigger ?? zTrigger.parse(before.trigger);
    const steps = input.steps ?? (before.steps as Step[]);
    await checkDefinition(trigger, steps);
    const [row] = await ctx.db
      .update(automations)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        trigger,
        steps,
        runAsUserId: userId,
        updatedAt: new Date(),
      })
      .where(and(eq(automations.workspaceId, before.workspaceId), eq(automations.id, before.id)))
      .returning();
    const webhookSecret = await syncTriggerResources(ctx.db, ctx.services, row!);
    return {
      ...(await view(ctx, await automationOf(ctx.db, row!.workspaceId, row!.id))),
      webhookSecret,
    };
  },
});

export const automationsDelete = defineOperation({
  name: "automations.delete",
  summary: "Delete an automation with its runs; requests its runs left waiting are denied",
  input: z.strictObject({ id: zId }),
  output: z.object({ ok: z.literal(true) }),
  permission: "automations:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    const row = await automationOf(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = row.id;
    await denyWaitingApprovals(ctx, row.id, "The automation was deleted");
    await ctx.services.jobs.unschedule(ctx.db, scheduleKeyOf(row.id));
    await dropWebhookSecret(ctx.db, ctx.services, row);
    await ctx.db
      .delete(automations)
      .where(and(eq(automations.workspaceId, row.workspaceId), eq(automations.id, row.id)));
    return { ok: true as const };
  },
});

export const automationsPreapprove = defineOperation({
  name: "automations.preapprove",
  summary: "Let one mutating step run without asking each time (admins; audited), or stop that",
  description:
    "The pre-approval holds for the automation exactly as it is now: any change to its trigger or steps voids it.",
  input: z.strictObject({ id: zId, stepKey: z.string().min(1).max(40), preapproved: z.boolean() }),
  output: zAutomation,
  permission: "automations:preapprove",
  mutates: true,
  handler: async (input, ctx) => {
    const adminId = personOf(ctx);
    const row = await automationOf(ctx.db, workspaceOf(ctx), input.id);
    ctx.audit.targetId = row.id;
    const step = (row.steps as Step[]).find((s) => s.key === input.stepKey);
    if (!step) throw invalid("stepKey", `the automation has no step "${input.stepKey}"`);
    const op = step.kind === "operation" ? await stepOperation(step.operation) : undefined;
    if (!op?.mutates)
      throw invalid("stepKey", `step "${step.key}" changes nothing and needs no approval`);
    const others = (row.preapprovals as StoredPreapproval[]).filter((p) => p.stepKey !== step.key);
    const added: StoredPreapproval = {
      stepKey: step.key,
      operation: op.name,
      fingerprint: fingerprintOf(row, step.key),
      approvedBy: adminId,
      approvedByLabel: await emailOf(ctx.db, adminId),
      approvedAt: new Date().toISOString(),
    };
    const [updated] = await ctx.db
      .update(automations)
      .set({ preapprovals: input.preapproved ? [...others, added] : others })
      .where(and(eq(automations.workspaceId, row.workspaceId), eq(automations.id, row.id)))
      .returning();
    return view(ctx, updated!);
  },
});

export const automationsWebhookRotate = defineOperation({
  name: "automations.webhook.rotate",
  summary: "Make a new signing secret for a webhook automation (shown once); the old one stops",
  input: z.strictObject({ id: zId }),
  output: z.object({ webhookUrl: z.string(), webhookSecret: z.string() }),
  permission: "automations:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    const row = await automationOf(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = row.id;
    if ((row.trigger as { kind: string }).kind !== "webhook")
      throw conflict("This automation is not triggered by a webhook");
    const webhookSecret = await rotateWebhookSecret(ctx.db, ctx.services, row);
    return { webhookUrl: webhookPathOf(row.id), webhookSecret };
  },
});

export const automationOperations = [
  automationsList,
  automationsGet,
  automationsCreate,
  automationsUpdate,
  automationsDelete,
  automationsPreapprove,
  automationsWebhookRotate,
] as const;
