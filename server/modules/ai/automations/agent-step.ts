// Agent prompt steps. The agent runs in a thread of the person the automation acts as; a change
// it proposes goes to the approvals inbox like any other request (with the automation and run
// as who asked), and the run waits there. The inbox runs the approved call; the thread then
// takes its outcome and the agent finishes its answer. A denial stops the run.

import { AppError } from "../../../platform/errors.ts";
import type { ApprovalResume } from "../agent/graph.ts";
import { approvalOf, emailOf, viewOf } from "../approvals/approvals.service.ts";
import type { Step } from "./automations.zod.ts";
import { renderTemplate } from "./expression.ts";
import type { RunStepRow } from "./runs.service.ts";
import type { StepContext, StepResult } from "./step-runners.ts";

interface ThreadDetail {
  status: string;
  lastError: string | null;
  messages: { role: string; text: string }[];
  pendingApproval: { operation: string; summary: string; input: unknown } | null;
}

/** What a waiting agent step keeps: the thread to resume once the inbox decides. */
interface WaitingOutput {
  threadId: string;
}

/**
 * Another module's operation, from the registry. Loaded on use: the registry lists this
 * module's operations, and the agent's modules import the registry in turn.
 */
export async function registryOperation(name: string) {
  const { operationsByName } = await import("../../../registry.ts");
  const op = operationsByName.get(name);
  if (!op) throw new AppError("internal", `${name} is not in the registry`);
  return op;
}

/**
 * Asks the agent as the person the automation acts as, in a thread of their own (so they can
 * read it in the chat later). Without a model configured the agent refuses, and so does the step.
 */
export async function runAgentPrompt(
  ctx: StepContext,
  step: Extract<Step, { kind: "agent" }>,
): Promise<StepResult> {
  const prompt = String(renderTemplate(step.prompt, ctx.scope));
  const message = [
    `This request comes from the automation “${ctx.definition.name}”, running unattended: nobody can answer questions, so give your complete answer now.`,
    prompt,
  ].join("\n\n");
  const { threadId } = (await ctx.execute(
    await registryOperation("agent.threads.send"),
    {
      message: message.slice(0, 8000),
      context: {
        page: `/automations/${ctx.run.automationId}`,
        title: `Automation ${ctx.definition.name}`.slice(0, 200),
      },
    },
    ctx.caller,
  )) as { threadId: string };
  await ctx.services.agent.settle(threadId);
  return { ...(await outcomeOfThread(ctx, threadId)), input: { prompt } };
}

/**
 * Goes on with an agent step that waits on the inbox: still waiting while nobody decided;
 * otherwise the thread resumes with the decision (and the approved call's outcome).
 */
export async function resumeAgentPrompt(ctx: StepContext, row: RunStepRow): Promise<StepResult> {
  const threadId = (row.output as WaitingOutput | null)?.threadId;
  if (!row.approvalId || !threadId)
    return { status: "failed", error: "The approval request is missing" };
  const approval = viewOf(await approvalOf(ctx.db, ctx.run.workspaceId, row.approvalId));
  let resume: ApprovalResume;
  switch (approval.status) {
    case "pending":
    case "approved":
      return { status: "waiting", approvalId: row.approvalId, output: { threadId } };
    case "denied":
    case "expired": {
      // The thread hears of the denial too, so it is not left waiting in the person's chat; it
      // ends there, without another model call.
      await resumeThread(ctx, threadId, {
        decision: "deny",
        ...(approval.status === "expired"
          ? { decidedBy: "the approvals inbox", reason: "nobody decided within 7 days" }
          : {
              decidedBy: approval.decidedBy
                ? await emailOf(ctx.db, approval.decidedBy)
                : "the approvals inbox",
              ...(approval.reason ? { reason: approval.reason } : {}),
            }),
      });
      const why =
        approval.status === "expired"
          ? "Nobody decided within 7 days; the request expired"
          : `Denied${approval.reason ? `: ${approval.reason}` : ""}; nothing was changed`;
      return { status: "denied", error: `The agent's ${approval.operation}: ${why}` };
    }
    case "executed":
      resume = { decision: "approve", outcome: { result: approval.result } };
      break;
    case "failed":
      resume = {
        decision: "approve",
        outcome: {
          error: approval.error ?? { code: "internal", message: "The approved call failed" },
        },
      };
      break;
  }
  await resumeThread(ctx, threadId, resume);
  return outcomeOfThread(ctx, threadId);
}

async function resumeThread(ctx: StepContext, threadId: string, resume: ApprovalResume) {
  const actor = ctx.caller.actor as Extract<StepContext["caller"]["actor"], { type: "user" }>;
  await ctx.services.agent.resumeFromInbox(
    { actor, userId: actor.userId, membership: ctx.membership, request: ctx.caller.request },
    threadId,
    resume,
  );
  await ctx.services.agent.settle(threadId);
}

/** Where the thread stopped: an answer, a failure, or a change proposed to the inbox. */
async function outcomeOfThread(
  ctx: StepContext,
  threadId: string,
): Promise<Extract<StepResult, { status: "succeeded" | "waiting" | "failed" }>> {
  const getThread = await registryOperation("agent.threads.get");
  const thread = (await ctx.execute(getThread, { threadId }, ctx.caller)) as ThreadDetail;
  if (thread.status === "failed")
    return {
      status: "failed",
      error: `The agent failed: ${thread.lastError ?? "no reason given"}`,
    };
  const proposal = thread.pendingApproval;
  if (proposal) {
    // The same inbox the agent's MCP clients and operation steps use; the registry checks the
    // person may ask for this operation, and validates the exact input, now.
    const note = `The agent, asked by step “${ctx.step.key}” of the automation “${ctx.definition.name}” (run ${ctx.run.id}), proposes: ${proposal.summary}`;
    const request = (await ctx.execute(
      await registryOperation("approvals.request"),
      {
        operation: proposal.operation,
        input: proposal.input,
        source: "automation",
        sourceRef: ctx.run.id,
        note: note.slice(0, 2000),
      },
      ctx.caller,
    )) as { id: string };
    return { status: "waiting", approvalId: request.id, output: { threadId } };
  }
  const answer = thread.messages.filter((m) => m.role === "assistant" && m.text.trim()).at(-1);
  return { status: "succeeded", output: { threadId, text: answer?.text ?? "" } };
}
