// The agent as an explicit LangGraph StateGraph: a model node with the caller's tools bound and a
// tool node that answers one tool call per step. Reads run at once; every mutation stops the
// thread with interrupt() and runs only after a person approves exactly what was shown.

import { randomUUID } from "node:crypto";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  AIMessage,
  type BaseMessage,
  isAIMessage,
  isToolMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import type { ToolCall } from "@langchain/core/messages/tool";
import {
  Annotation,
  type BaseCheckpointSaver,
  END,
  interrupt,
  type LangGraphRunnableConfig,
  messagesStateReducer,
  START,
  StateGraph,
} from "@langchain/langgraph";
import { AppError } from "../../../platform/errors.ts";
import type { OperationTool } from "../tools/catalog.ts";
import type { AgentContext, ApprovalRequest, Decision } from "./agent.zod.ts";
import { systemPrompt, wrapToolOutput } from "./prompt.ts";

export const AgentState = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  context: Annotation<AgentContext | null>({ reducer: (_old, next) => next, default: () => null }),
  /**
   * Who denied the change the tool step paused for: set by that step only, so the graph ends
   * the run there instead of asking the model again (it reads the denial next turn).
   */
  deniedBy: Annotation<string | null>({ reducer: (_old, next) => next, default: () => null }),
});
export type AgentStateValue = typeof AgentState.State;

/** Proof that a person approved this very call; a mutation cannot be run without one. */
export interface Approval {
  toolCallId: string;
  decidedBy: "person";
}

/** Runs the operation through the registry as the person (permission, audit as usual). */
export type ToolInvoker = (
  tool: OperationTool,
  input: unknown,
  approval: Approval | undefined,
) => Promise<unknown>;

export interface AgentGraphDeps {
  model: BaseChatModel;
  tools: OperationTool[];
  invoke: ToolInvoker;
  checkpointer: BaseCheckpointSaver;
  /** Refuses the model call (e.g. the monthly AI budget is spent). */
  beforeModelCall?: () => Promise<void>;
  /** Usage accounting of each answer. */
  afterModelCall?: (message: AIMessage) => Promise<void>;
  /** The person's decision on a paused call, for the audit log. */
  onDecision?: (request: ApprovalRequest, decision: Decision) => Promise<void>;
  now?: () => Date;
}

/** What came of a call the approvals inbox ran for this thread (an automation's agent step). */
export type InboxOutcome = { result: unknown } | { error: { code: string; message: string } };

export interface ApprovalResume {
  decision: Decision;
  /** Who decided, as people read it (an email); named in the denial the model reads. */
  decidedBy?: string;
  /** Why, when the decider said so. */
  reason?: string;
  /**
   * Set when the approvals inbox already ran the approved call: the thread takes its result
   * instead of running it a second time.
   */
  outcome?: InboxOutcome;
}

function lastAiIndex(messages: BaseMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message && isAIMessage(message)) return i;
  }
  return -1;
}

/**
 * The first tool call of the latest answer that has no result yet. Only results after that
 * answer count: some servers reuse ids like `call_0` in every turn.
 */
export function nextOpenToolCall(messages: BaseMessage[]): ToolCall | undefined {
  const index = lastAiIndex(messages);
  const last = messages[index] as AIMessage | undefined;
  if (!last?.tool_calls?.length) return undefined;
  const answered = new Set(
    messages
      .slice(index + 1)
      .filter((m) => isToolMessage(m))
      .map((m) => (m as ToolMessage).tool_call_id),
  );
  return last.tool_calls.find((call) => !answered.has(call.id ?? ""));
}

/** Every tool call id already used in the thread. */
function usedToolCallIds(messages: BaseMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const message of messages)
    if (isAIMessage(message))
      for (const call of message.tool_calls ?? []) if (call.id) ids.add(call.id);
  return ids;
}

/** A result that is not the tool's output: an error, or a call that was not run. */
function failedResult(call: ToolCall, content: string): ToolMessage {
  return new ToolMessage({
    tool_call_id: call.id ?? "",
    name: call.name,
    status: "error",
    content,
  });
}

function toolError(call: ToolCall, message: string): ToolMessage {
  return failedResult(call, `Error: ${message}`);
}

/**
 * The results of a denied call and of the calls after it in the same answer: none of them ran,
 * and every call gets its result so the thread stays well-formed for the next turn.
 */
function denialMessages(
  messages: BaseMessage[],
  denied: ToolCall,
  operation: string,
  resume: ApprovalResume | undefined,
): ToolMessage[] {
  const by = resume?.decidedBy ?? "the user";
  const why = resume?.reason ? ` (${resume.reason})` : "";
  const results = [
    failedResult(
      denied,
      `Denied by ${by}${why}: ${operation} was not run. Do not retry it unless the user asks.`,
    ),
  ];
  const index = lastAiIndex(messages);
  const calls = (messages[index] as AIMessage | undefined)?.tool_calls ?? [];
  const rest = calls.slice(calls.findIndex((call) => call.id === denied.id) + 1);
  for (const call of rest)
    results.push(
      failedResult(call, `Not run: ${by} denied ${operation}, an earlier action of this answer.`),
    );
  return results;
}

function toolMessageOf(call: ToolCall, outcome: InboxOutcome): ToolMessage {
  if ("error" in outcome) return toolError(call, `${outcome.error.code}: ${outcome.error.message}`);
  return new ToolMessage({
    tool_call_id: call.id ?? "",
    name: call.name,
    content: wrapToolOutput(outcome.result),
  });
}

function errorText(error: unknown): string {
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Builds and compiles the graph for one run (the person and their tools are fixed per run). */
export function buildAgentGraph(deps: AgentGraphDeps) {
  const byName = new Map(deps.tools.map((tool) => [tool.name, tool]));
  const specs = deps.tools.map((tool) => ({
    type: "function" as const,
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
  if (!deps.model.bindTools) throw new AppError("invalid_input", "This model cannot call tools");
  const bound = specs.length > 0 ? deps.model.bindTools(specs) : deps.model;
  const now = deps.now ?? (() => new Date());

  async function callModel(state: AgentStateValue, config: LangGraphRunnableConfig) {
    await deps.beforeModelCall?.();
    const response = (await bound.invoke(
      [new SystemMessage(systemPrompt(state.context, now())), ...state.messages],
      config,
    )) as AIMessage;
    await deps.afterModelCall?.(response);
    // Results are matched to calls by id, and some local servers send none, or the same one in
    // every turn: a missing or repeated id gets a fresh one (the model sees ours from then on).
    const used = usedToolCallIds(state.messages);
    const toolCalls = (response.tool_calls ?? []).map((call) => {
      const id = call.id && !used.has(call.id) ? call.id : `call_${randomUUID()}`;
      used.add(id);
      return { ...call, id };
    });
    const message = new AIMessage({
      content: response.content,
      tool_calls: toolCalls,
      usage_metadata: response.usage_metadata,
      response_metadata: response.response_metadata,
      id: response.id,
    });
    return { messages: [message] };
  }

  async function callTool(state: AgentStateValue): Promise<Partial<AgentStateValue>> {
    const call = nextOpenToolCall(state.messages);
    if (!call) return {};
    const tool = byName.get(call.name);
    if (!tool)
      return { messages: [toolError(call, `no tool named ${call.name} is available to you`)] };
    const args = call.args ?? {};
    const input = tool.operationInputOf ? tool.operationInputOf(args) : args;
    const parsed = tool.operation.input.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join(".") || "(input)";
      return {
        messages: [toolError(call, `invalid input: ${field}: ${issue?.message ?? "invalid"}`)],
      };
    }
    let approval: Approval | undefined;
    if (!tool.readOnly) {
      const request: ApprovalRequest = {
        toolCallId: call.id ?? "",
        tool: tool.name,
        operation: tool.operation.name,
        summary: tool.summary ?? tool.operation.summary,
        input: input as Record<string, unknown>,
        destructive: tool.destructive,
      };
      // Pauses the thread (checkpointed) until agent.threads.decide resumes it, or for an
      // automation's agent step the approvals inbox (the call then already ran there).
      const resume = interrupt<ApprovalRequest, ApprovalResume>(request);
      const decision: Decision = resume?.decision === "approve" ? "approve" : "deny";
      await deps.onDecision?.(request, decision);
      if (decision === "deny")
        return {
          messages: denialMessages(state.messages, call, tool.operation.name, resume),
          deniedBy: resume?.decidedBy ?? "the user",
        };
      if (resume?.outcome) return { messages: [toolMessageOf(call, resume.outcome)] };
      approval = { toolCallId: request.toolCallId, decidedBy: "person" };
    }
    try {
      const output = await deps.invoke(tool, input, approval);
      return { messages: [toolMessageOf(call, { result: output })] };
    } catch (error) {
      return { messages: [toolError(call, errorText(error))] };
    }
  }

  const afterModel = (state: AgentStateValue) => (nextOpenToolCall(state.messages) ? "tools" : END);
  // A denial ends the run at once: asking the model again would cost a call for an answer the
  // person can already read, and it hears of the denial with their next message anyway.
  const afterTools = (state: AgentStateValue) => {
    if (state.deniedBy) return END;
    return nextOpenToolCall(state.messages) ? "tools" : "model";
  };
  // Every tool step sets deniedBy afresh, so an old denial never ends a later step.
  const runTool = async (state: AgentStateValue) => ({
    deniedBy: null,
    ...(await callTool(state)),
  });

  return new StateGraph(AgentState)
    .addNode("model", callModel)
    .addNode("tools", runTool)
    .addEdge(START, "model")
    .addConditionalEdges("model", afterModel, ["tools", END])
    .addConditionalEdges("tools", afterTools, ["tools", "model", END])
    .compile({ checkpointer: deps.checkpointer });
}
