import type { AIMessage } from "@langchain/core/messages";
import type { Logger } from "pino";
import type { AuditService } from "../../../platform/audit/audit.service.ts";
import type { Config } from "../../../platform/config.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, conflict } from "../../../platform/errors.ts";
import type { EventBus } from "../../../platform/events/events.ts";
import { createOutboundFetch } from "../../../platform/http/outbound-fetch.ts";
import type { Actor, Membership } from "../../../platform/operations/define.ts";
import type { Caller, Execute } from "../../../platform/operations/execute.ts";
import { summarizeInput } from "../../../platform/operations/redact.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import { emailOf } from "../approvals/approvals.service.ts";
import { runWaitingOnThread } from "../automations/runs.service.ts";
import { type ModelSettings, modelSettingsOf } from "../settings/ai-settings.service.ts";
import { type ChatModelFactory, createChatModel } from "../settings/chat-model.ts";
import { externalToolsFor, operationToolsFor } from "../tools/catalog.ts";
import type { AgentContext, ApprovalRequest, Decision } from "./agent.zod.ts";
import type { DrizzleCheckpointSaver } from "./checkpointer.ts";
import type { ApprovalResume, ToolInvoker } from "./graph.ts";
import { publishRunEvents } from "./run-events.ts";
import {
  checkpointerOf,
  createThread,
  pendingApprovalOf,
  setThreadStatus,
  threadOf,
} from "./threads.service.ts";
import { assertWithinBudget, recordUsage } from "./usage.service.ts";

export type AgentService = ReturnType<typeof createAgentService>;

/** The person behind a chat: their identity, membership and how the request reached us. */
export interface ChatPerson {
  actor: Extract<Actor, { type: "user" } | { type: "token" }>;
  userId: string;
  membership: Membership;
  request?: Caller["request"];
}

/** A run left "running" this long ago was lost (a restart); the thread may be used again. */
const STALE_RUN_MS = 10 * 60_000;
const RECURSION_LIMIT = 50;

export const notConfigured = () =>
  new AppError(
    "conflict",
    "No AI model is configured for this workspace. An admin sets one in Settings → AI (provider, model, base URL, API key).",
  );

/** Runs agent threads in this process and streams their events to their owner. */
export function createAgentService(deps: {
  db: Db;
  config: Config;
  events: EventBus;
  secrets: SecretsService;
  audit: AuditService;
  log: Logger;
  chatModels?: ChatModelFactory;
  now?: () => Date;
}) {
  const { db, events, secrets, log } = deps;
  const chatModels = deps.chatModels ?? createChatModel;
  const now = deps.now ?? (() => new Date());
  // LangChain and LangGraph (~60 MiB resident together) load with the first agent thread, not
  // at start: most processes (a scan, an import, the API) never run one.
  let saver: Promise<DrizzleCheckpointSaver> | undefined;
  const checkpointer = () => (saver ??= checkpointerOf(db));
  const resumeWith = async (resume: ApprovalResume) =>
    new (await import("@langchain/langgraph")).Command({ resume });
  const outboundFetch = createOutboundFetch({
    blockPrivateNetworks: deps.config.blockPrivateNetworks,
  });
  let execute: Execute | undefined;
  const runs = new Map<string, { done: Promise<void>; abort: AbortController }>();

  async function settingsFor(workspaceId: string): Promise<ModelSettings> {
    const settings = await modelSettingsOf(db, secrets, workspaceId);
    if (!settings) throw notConfigured();
    return settings;
  }

  /** Tools run through the registry as the person; a mutation needs an approval in hand. */
  function invokerFor(person: ChatPerson): ToolInvoker {
    const caller: Caller = {
      actor: { ...person.actor, label: `${person.actor.label} via AI agent` },
      workspaceId: person.membership.workspaceId,
      request: person.request,
    };
    return async (tool, input, approval) => {
      if (!execute) throw new Error("agent service has no executor");
      if (tool.operation.mutates && !approval)
        throw new AppError(
          "forbidden",
          `${tool.operation.name} changes data: it runs only after the user approves it`,
        );
      return execute(tool.operation, input, caller);
    };
  }

  async function auditDecision(
    person: ChatPerson,
    threadId: string,
    request: ApprovalRequest,
    decision: Decision,
  ) {
    await deps.audit.record(db, {
      workspaceId: person.membership.workspaceId,
      actorType: person.actor.type,
      actorUserId: person.userId,
      actorTokenId: person.actor.type === "token" ? person.actor.tokenId : null,
      actorLabel: person.actor.label,
      action: decision === "approve" ? "agent.approval.approved" : "agent.approval.denied",
      outcome: "ok",
      inputSummary: summarizeInput({
        operation: request.operation,
        input: request.input,
        threadId,
      }),
      targetId: threadId,
      ip: person.request?.ip ?? null,
      userAgent: person.request?.userAgent ?? null,
    });
  }

  async function startRun(
    person: ChatPerson,
    threadId: string,
    input: unknown,
    settings: ModelSettings,
  ) {
    const workspaceId = person.membership.workspaceId;
    const { buildAgentGraph } = await import("./graph.ts");
    const graph = buildAgentGraph({
      model: await chatModels(settings, outboundFetch),
      tools: [
        ...operationToolsFor(person.membership.role),
        ...(await externalToolsFor(db, workspaceId, person.membership.role)),
      ],
      invoke: invokerFor(person),
      checkpointer: await checkpointer(),
      now,
      beforeModelCall: () => assertWithinBudget(db, workspaceId, settings, now()),
      afterModelCall: async (message: AIMessage) => {
        const usage = message.usage_metadata;
        if (!usage) return;
        await recordUsage(db, {
          workspaceId,
          userId: person.userId,
          threadId,
          settings,
          usage: { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 },
        });
      },
    });
    await setThreadStatus(db, threadId, "running");
    const abort = new AbortController();
    const publish = (event: Record<string, unknown>) =>
      events.publish(workspaceId, {
        type: "agent",
        audienceUserId: person.userId,
        threadId,
        ...event,
      });
    const done = (async () => {
      try {
        const stream = await graph.stream(input as never, {
          configurable: { thread_id: threadId },
          streamMode: ["messages", "updates"],
          signal: abort.signal,
          recursionLimit: RECURSION_LIMIT,
        });
        await publishRunEvents(stream as AsyncIterable<[string, unknown]>, publish);
        const pending = pendingApprovalOf(
          await (await checkpointer()).getTuple({ configurable: { thread_id: threadId } }),
        );
        await setThreadStatus(db, threadId, pending ? "waiting" : "idle");
        publish({ event: "status", status: pending ? "waiting" : "idle" });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ err: error, threadId }, "agent run failed");
        await setThreadStatus(db, threadId, "failed", message.slice(0, 1000)).catch(() => {});
        publish({ event: "status", status: "failed", error: message.slice(0, 500) });
      } finally {
        runs.delete(threadId);
      }
    })();
    runs.set(threadId, { done, abort });
  }

  /** The change a thread of this person waits on; a conflict when it waits for none. */
  async function pendingOf(person: ChatPerson, threadId: string): Promise<ApprovalRequest> {
    const thread = await threadOf(db, person.membership.workspaceId, person.userId, threadId);
    const pending = pendingApprovalOf(
      await (await checkpointer()).getTuple({ configurable: { thread_id: threadId } }),
    );
    if (thread.status !== "waiting" || !pending)
      throw conflict("This thread is not waiting for a decision");
    return pending;
  }

  function assertIdle(row: { status: string; updatedAt: Date }) {
    const isLive =
      row.status === "running" && now().getTime() - row.updatedAt.getTime() < STALE_RUN_MS;
    if (isLive)
      throw conflict("The agent is still answering in this thread; wait for it to finish");
    if (row.status === "waiting")
      throw conflict(
        "This thread waits for your decision on a proposed change: approve or deny it first",
      );
  }

  return {
    checkpointer,

    /** Wires the registry's executor (built after the services). */
    attachExecutor(fn: Execute) {
      execute = fn;
    },

    /** Starts (or continues) a thread with a question; events stream to the person. */
    async send(
      person: ChatPerson,
      input: { threadId?: string; message: string; context?: AgentContext },
    ) {
      const workspaceId = person.membership.workspaceId;
      const settings = await settingsFor(workspaceId);
      await assertWithinBudget(db, workspaceId, settings, now());
      const { HumanMessage } = await import("@langchain/core/messages");
      const thread = input.threadId
        ? await threadOf(db, workspaceId, person.userId, input.threadId)
        : await createThread(
            db,
            workspaceId,
            person.userId,
            input.message.trim().split("\n")[0] ?? "Chat",
          );
      assertIdle(thread);
      await startRun(
        person,
        thread.id,
        { messages: [new HumanMessage(input.message)], context: input.context ?? null },
        settings,
      );
      return { threadId: thread.id };
    },

    /** Resumes a paused thread with the person's decision on the proposed change. */
    async decide(person: ChatPerson, threadId: string, decision: Decision) {
      const pending = await pendingOf(person, threadId);
      // An automation's proposal is decided in the approvals inbox, once, where it is recorded.
      if (await runWaitingOnThread(db, person.membership.workspaceId, threadId))
        throw conflict(
          "An automation run asked for this change: approve or deny it in the approvals inbox",
        );
      const settings = await settingsFor(person.membership.workspaceId);
      await auditDecision(person, threadId, pending, decision);
      const resume: ApprovalResume = { decision, decidedBy: await emailOf(db, person.userId) };
      await startRun(person, threadId, await resumeWith(resume), settings);
      return { threadId, operation: pending.operation, decision };
    },

    /**
     * Resumes a thread paused for an automation with the approvals inbox's decision: an
     * approved call already ran there, so the thread takes its outcome (the inbox's own
     * operations audited the decision and the call).
     */
    async resumeFromInbox(person: ChatPerson, threadId: string, resume: ApprovalResume) {
      await pendingOf(person, threadId);
      const settings = await settingsFor(person.membership.workspaceId);
      await startRun(person, threadId, await resumeWith(resume), settings);
    },

    /** Waits for a thread's run to finish (tests, shutdown). */
    async settle(threadId: string) {
      await runs.get(threadId)?.done;
    },

    async stop() {
      for (const run of runs.values()) run.abort.abort(new Error("server shutting down"));
      await Promise.allSettled([...runs.values()].map((run) => run.done));
    },

    settingsFor,
    outboundFetch,
    chatModels,
  };
}
