import Decimal from "decimal.js";
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { roleHas } from "../../../platform/operations/permissions.ts";
import { zId } from "../../../platform/operations/zod.ts";
import { settingsRowOf } from "../settings/ai-settings.service.ts";
import type { ChatPerson } from "./agent.service.ts";
import { zAgentContext, zDecision, zThread, zThreadDetail } from "./agent.zod.ts";
import {
  deleteThread,
  listThreads,
  messagesOf,
  pendingApprovalOf,
  threadOf,
} from "./threads.service.ts";
import { monthBounds, usageByUser } from "./usage.service.ts";

/** The agent speaks for a person: the local CLI's system key has nobody to act as. */
function personOf(ctx: OperationContext): ChatPerson {
  const { actor, membership } = ctx;
  if ((actor.type !== "user" && actor.type !== "token") || !membership)
    throw new AppError("forbidden", "The agent acts for a person: sign in or use an API token");
  return { actor, userId: actor.userId, membership, request: ctx.request };
}

const toThread = (row: Awaited<ReturnType<typeof threadOf>>) => ({
  id: row.id,
  title: row.title,
  status: row.status as "idle" | "running" | "waiting" | "failed",
  lastError: row.lastError,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const agentThreadsList = defineOperation({
  name: "agent.threads.list",
  summary: "Your conversations with the agent, newest first",
  input: z.object({}),
  output: z.array(zThread),
  permission: "ai:chat",
  mutates: false,
  handler: async (_input, ctx) => {
    const person = personOf(ctx);
    return (await listThreads(ctx.db, workspaceOf(ctx), person.userId)).map(toThread);
  },
});

export const agentThreadsGet = defineOperation({
  name: "agent.threads.get",
  summary: "A conversation: its messages, tool calls and any change waiting for your approval",
  input: z.object({ threadId: zId }),
  output: zThreadDetail,
  permission: "ai:chat",
  mutates: false,
  handler: async ({ threadId }, ctx) => {
    const person = personOf(ctx);
    const row = await threadOf(ctx.db, workspaceOf(ctx), person.userId, threadId);
    const tuple = await (await ctx.services.agent.checkpointer()).getTuple({
      configurable: { thread_id: row.id },
    });
    return {
      ...toThread(row),
      messages: messagesOf(tuple),
      pendingApproval: row.status === "waiting" ? pendingApprovalOf(tuple) : null,
    };
  },
});

export const agentThreadsSend = defineOperation({
  name: "agent.threads.send",
  summary: "Ask the agent (in a new or an existing thread); the answer streams over /api/events",
  description:
    "Returns at once with the thread's id. Tokens, tool calls, results and approval requests arrive as `agent` events on the realtime WebSocket, to you only. `context` is where you are in Glass Pane (page, resource, time range).",
  input: z.strictObject({
    threadId: zId.optional(),
    message: z.string().trim().min(1).max(8000),
    context: zAgentContext.optional(),
  }),
  output: z.object({ threadId: zId }),
  permission: "ai:chat",
  mutates: true,
  // The run goes on after the call returns, on the main connection: no transaction held open.
  atomic: false,
  handler: async (input, ctx) => {
    const result = await ctx.services.agent.send(personOf(ctx), input);
    ctx.audit.targetId = result.threadId;
    return result;
  },
});

export const agentThreadsDecide = defineOperation({
  name: "agent.threads.decide",
  summary: "Approve or deny the change the agent proposed; the thread then goes on",
  input: z.strictObject({ threadId: zId, decision: zDecision }),
  output: z.object({ threadId: zId, operation: z.string(), decision: zDecision }),
  permission: "ai:chat",
  mutates: true,
  atomic: false,
  handler: async ({ threadId, decision }, ctx) => {
    ctx.audit.targetId = threadId;
    return ctx.services.agent.decide(personOf(ctx), threadId, decision);
  },
});

export const agentThreadsDelete = defineOperation({
  name: "agent.threads.delete",
  summary: "Delete one of your conversations",
  input: z.strictObject({ threadId: zId }),
  output: z.object({ ok: z.literal(true) }),
  permission: "ai:chat",
  mutates: true,
  handler: async ({ threadId }, ctx) => {
    const person = personOf(ctx);
    const row = await threadOf(ctx.db, workspaceOf(ctx), person.userId, threadId);
    if (row.status === "running")
      throw new AppError("conflict", "The agent is still answering in this thread");
    await deleteThread(ctx.db, row);
    ctx.audit.targetId = threadId;
    return { ok: true as const };
  },
});

const zUsageLine = z.object({
  calls: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cost: z.string(),
});

export const aiUsage = defineOperation({
  name: "ai.usage",
  summary:
    "AI tokens and spend this month (or another): the workspace's, its embeddings', yours and, for admins, per person",
  input: z.object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as 2026-11")
      .optional(),
  }),
  output: z.object({
    month: z.string(),
    currency: z.string(),
    budget: z.string().nullable(),
    remaining: z.string().nullable(),
    workspace: zUsageLine.describe("Everything: the agent's chat and semantic search's embeddings"),
    embeddings: zUsageLine.describe("Provider embeddings of semantic search (indexing, queries)"),
    mine: zUsageLine,
    byUser: z
      .array(zUsageLine.extend({ userId: z.string().nullable(), name: z.string().nullable() }))
      .nullable(),
  }),
  permission: "ai:chat",
  mutates: false,
  handler: async ({ month }, ctx) => {
    const person = personOf(ctx);
    const workspaceId = workspaceOf(ctx);
    const settings = await settingsRowOf(ctx.db, workspaceId);
    const { rows, month: resolved } = await usageByUser(ctx.db, workspaceId, month, new Date());
    const sum = (lines: typeof rows) => ({
      calls: lines.reduce((n, r) => n + r.calls, 0),
      inputTokens: lines.reduce((n, r) => n + r.inputTokens, 0),
      outputTokens: lines.reduce((n, r) => n + r.outputTokens, 0),
      cost: lines.reduce((n, r) => n.plus(r.cost), new Decimal(0)).toFixed(),
    });
    const workspace = sum(rows);
    const chat = rows.filter((r) => r.kind === "chat");
    const budget = settings?.monthlyBudget ?? null;
    const isCurrent = resolved === monthBounds(undefined, new Date()).month;
    return {
      month: resolved,
      currency: settings?.currency ?? "USD",
      budget,
      remaining:
        budget && isCurrent
          ? Decimal.max(0, new Decimal(budget).minus(workspace.cost)).toFixed()
          : null,
      workspace,
      embeddings: sum(rows.filter((r) => r.kind === "embeddings")),
      mine: sum(chat.filter((r) => r.userId === person.userId)),
      byUser: roleHas(person.membership.role, "ai:manage")
        ? chat.map(({ kind: _kind, ...r }) => ({ ...r, cost: new Decimal(r.cost).toFixed() }))
        : null,
    };
  },
});

export const agentOperations = [
  agentThreadsList,
  agentThreadsGet,
  agentThreadsSend,
  agentThreadsDecide,
  agentThreadsDelete,
  aiUsage,
] as const;
