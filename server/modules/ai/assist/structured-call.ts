// One model call that must answer by calling a single tool whose arguments are the structured
// result (tool calling works with OpenAI-compatible servers, Anthropic and Ollama alike). The
// same budget check and token accounting as the chat agent apply.

import type { AIMessage, BaseMessage } from "@langchain/core/messages";
import type { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import { jsonSchemaOf } from "../../../platform/operations/json-schema.ts";
import type { AgentService } from "../agent/agent.service.ts";
import { assertWithinBudget, recordUsage } from "../agent/usage.service.ts";
import type { ModelSettings } from "../settings/ai-settings.service.ts";

export interface StructuredAnswer {
  /** The tool call's arguments, not yet validated (the caller validates and explains). */
  args: unknown;
  /** Text the model wrote instead of (or besides) the call. */
  text: string;
  settings: ModelSettings;
  usage: { inputTokens: number; outputTokens: number };
}

/** What a structured call needs from the agent service: settings, model clients, outbound fetch. */
export type ModelAccess = Pick<AgentService, "settingsFor" | "chatModels" | "outboundFetch">;

function textOf(message: AIMessage): string {
  if (typeof message.content === "string") return message.content;
  return message.content
    .map((part) => (typeof part === "object" && "text" in part ? String(part.text) : ""))
    .join("");
}

/**
 * Asks the workspace's model to answer through the tool `name` (schema from zod), records the
 * tokens and cost, and returns the raw arguments. Throws the agent's "not configured" error when
 * the workspace has no model and the budget error when the month's AI budget is spent.
 */
export async function callForStructuredAnswer(
  deps: { db: Db; models: ModelAccess; now: Date },
  call: {
    workspaceId: string;
    userId: string | null;
    tool: { name: string; description: string; schema: z.ZodType };
    messages: BaseMessage[];
  },
): Promise<StructuredAnswer> {
  const settings = await deps.models.settingsFor(call.workspaceId);
  await assertWithinBudget(deps.db, call.workspaceId, settings, deps.now);
  const model = await deps.models.chatModels(settings, deps.models.outboundFetch);
  if (!model.bindTools) throw new AppError("invalid_input", "This model cannot call tools");
  const spec = {
    type: "function" as const,
    function: {
      name: call.tool.name,
      description: call.tool.description,
      parameters: jsonSchemaOf(call.tool.schema, "input"),
    },
  };
  const bound = model.bindTools([spec], { tool_choice: call.tool.name } as never);
  let message: AIMessage;
  try {
    message = (await bound.invoke(call.messages)) as AIMessage;
  } catch (error) {
    throw new AppError(
      "unavailable",
      `The AI model did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const usage = {
    inputTokens: message.usage_metadata?.input_tokens ?? 0,
    outputTokens: message.usage_metadata?.output_tokens ?? 0,
  };
  await recordUsage(deps.db, {
    workspaceId: call.workspaceId,
    userId: call.userId,
    threadId: null,
    settings,
    usage,
  });
  const toolCall = (message.tool_calls ?? []).find((c) => c.name === call.tool.name);
  return { args: toolCall?.args, text: textOf(message), settings, usage };
}
