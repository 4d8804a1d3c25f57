// One function per step kind. Each returns what happened; the engine stores it.

import type { Logger } from "pino";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import type { Membership } from "../../../platform/operations/define.ts";
import type { Caller, Execute } from "../../../platform/operations/execute.ts";
import type { Services } from "../../../platform/services.ts";
import { insertApproval, recordOutcome } from "../approvals/approvals.service.ts";
import { registryOperation, runAgentPrompt } from "./agent-step.ts";
import { stepOperation } from "./automations.service.ts";
import type { Step } from "./automations.zod.ts";
import { evaluateExpression, isTruthy, renderTemplate } from "./expression.ts";
import type { RunDefinition, RunRow } from "./runs.service.ts";

export type StepResult =
  | { status: "succeeded"; input?: unknown; output: unknown }
  | { status: "skipped"; output: unknown }
  | { status: "waiting"; approvalId: string; input?: unknown; output?: unknown }
  | { status: "failed"; error: string; input?: unknown }
  | { status: "denied"; error: string };

export interface StepContext {
  db: Db;
  run: RunRow;
  step: Step;
  definition: RunDefinition;
  /** The person the automation acts as, through the registry. */
  caller: Caller;
  /** Their membership, checked at the start of this advance. */
  membership: Membership;
  scope: Record<string, unknown>;
  execute: Execute;
  services: Pick<Services, "notifications" | "agent" | "workspaces">;
  log: Logger;
}

export async function executeStep(ctx: StepContext): Promise<StepResult> {
  const { step } = ctx;
  if ("when" in step && step.when && !isTruthy(evaluateExpression(step.when, ctx.scope)))
    return { status: "skipped", output: { reason: `“${step.when}” was false` } };
  switch (step.kind) {
    case "condition":
      return {
        status: "succeeded",
        output: { value: isTruthy(evaluateExpression(step.expression, ctx.scope)) },
      };
    case "operation":
      return runOperation(ctx, step);
    case "agent":
      return runAgentPrompt(ctx, step);
    case "notify":
      return notify(ctx, step);
  }
}

async function runOperation(
  ctx: StepContext,
  step: Extract<Step, { kind: "operation" }>,
): Promise<StepResult> {
  const op = await stepOperation(step.operation);
  if (!op)
    return { status: "failed", error: `${step.operation} is not an operation automations may run` };
  const input = renderTemplate(step.input, ctx.scope) as Record<string, unknown>;
  if (!op.mutates) {
    return { status: "succeeded", input, output: await ctx.execute(op, input, ctx.caller) };
  }
  const preapproval = ctx.definition.preapproved.find((p) => p.stepKey === step.key);
  const note = `Step “${step.key}” of the automation “${ctx.definition.name}” (run ${ctx.run.id})`;
  if (!preapproval) {
    // The same inbox the agent and MCP clients use; the registry checks the person may ask.
    const request = (await ctx.execute(
      await registryOperation("approvals.request"),
      { operation: op.name, input, source: "automation", sourceRef: ctx.run.id, note },
      ctx.caller,
    )) as { id: string };
    return { status: "waiting", approvalId: request.id, input };
  }
  // Pre-approved by an admin: still recorded in the inbox as auto-approved, and audited.
  const actor = ctx.caller.actor as Extract<Caller["actor"], { type: "user" }>;
  const row = await insertApproval(
    ctx.db,
    {
      workspaceId: ctx.run.workspaceId,
      source: "automation",
      sourceRef: ctx.run.id,
      requestedBy: actor.userId,
      requesterLabel: actor.label,
      operation: op.name,
      input,
      note: `${note}, pre-approved by ${preapproval.approvedByLabel}`,
    },
    { autoApproved: true },
  );
  const label = `${actor.label}, pre-approved by ${preapproval.approvedByLabel}`.slice(0, 300);
  try {
    const output = await ctx.execute(op, input, {
      ...ctx.caller,
      actor: { ...actor, label },
    });
    await recordOutcome(ctx.db, row, { result: output ?? null });
    return { status: "succeeded", input, output };
  } catch (error) {
    const code = error instanceof AppError ? error.code : "internal";
    const message = error instanceof Error ? error.message : String(error);
    await recordOutcome(ctx.db, row, { error: { code, message } });
    return { status: "failed", error: message, input };
  }
}

async function notify(
  ctx: StepContext,
  step: Extract<Step, { kind: "notify" }>,
): Promise<StepResult> {
  const title = String(renderTemplate(step.title, ctx.scope)).slice(0, 300);
  const body = String(renderTemplate(step.body, ctx.scope)).slice(0, 4000);
  const runAs = ctx.run.runAsUserId;
  let userIds: string[] | undefined;
  if (step.recipients === "runAs") userIds = runAs ? [runAs] : [];
  if (step.recipients === "admins") {
    const members = await ctx.services.workspaces.members(ctx.db, ctx.run.workspaceId);
    userIds = members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => m.userId);
  }
  const sent = await ctx.services.notifications.notify(ctx.db, {
    workspaceId: ctx.run.workspaceId,
    userIds,
    kind: "automation.notify",
    title,
    body,
    link: `/automations/${ctx.run.automationId}/runs/${ctx.run.id}`,
    data: { automationId: ctx.run.automationId, runId: ctx.run.id, step: step.key },
  });
  return { status: "succeeded", input: { title, body }, output: { recipients: sent.length } };
}
