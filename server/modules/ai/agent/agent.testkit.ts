import { AIMessage } from "@langchain/core/messages";
import { type FakeBuiltModel, fakeModel } from "@langchain/core/testing";
import type { TestRuntime } from "../../../../test/support/runtime.ts";
import type { Caller } from "../../../platform/operations/execute.ts";
import type { ChatModelFactory } from "../settings/chat-model.ts";

/**
 * Scripted models for graph tests (no LLM is reachable here): every run of the runtime gets the
 * same queue, so a test scripts a whole conversation up front.
 */
export function scriptedModels() {
  const model: FakeBuiltModel = fakeModel();
  const factory: ChatModelFactory = () => model;
  return { model, factory };
}

export const answer = (text: string, inputTokens = 0, outputTokens = 0) =>
  new AIMessage({
    content: text,
    ...(inputTokens || outputTokens
      ? {
          usage_metadata: {
            input_tokens: inputTokens,
            output_tokens: outputTokens,
            total_tokens: inputTokens + outputTokens,
          },
        }
      : {}),
  });

export async function configureModel(
  rt: TestRuntime,
  admin: Caller,
  extra: Record<string, unknown> = {},
) {
  await rt.as(admin, "ai.settings.set", {
    provider: "openai-compatible",
    model: "scripted",
    baseUrl: "http://127.0.0.1:9/v1",
    ...extra,
  });
}

export interface ThreadView {
  id: string;
  status: string;
  lastError: string | null;
  messages: {
    role: string;
    text: string;
    toolCalls: { tool: string; input: unknown }[];
    toolCallId: string | null;
    isError: boolean;
  }[];
  pendingApproval: {
    operation: string;
    input: unknown;
    toolCallId: string;
    destructive: boolean;
  } | null;
}

/** Sends a message and waits for the run to stop (answered, paused or failed). */
export async function ask(
  rt: TestRuntime,
  caller: Caller,
  message: string,
  threadId?: string,
  context?: unknown,
) {
  const { threadId: id } = (await rt.as(caller, "agent.threads.send", {
    message,
    ...(threadId ? { threadId } : {}),
    ...(context ? { context } : {}),
  })) as { threadId: string };
  await rt.services.agent.settle(id);
  return (await rt.as(caller, "agent.threads.get", { threadId: id })) as ThreadView;
}

export async function decide(
  rt: TestRuntime,
  caller: Caller,
  threadId: string,
  decision: "approve" | "deny",
) {
  await rt.as(caller, "agent.threads.decide", { threadId, decision });
  await rt.services.agent.settle(threadId);
  return (await rt.as(caller, "agent.threads.get", { threadId })) as ThreadView;
}
