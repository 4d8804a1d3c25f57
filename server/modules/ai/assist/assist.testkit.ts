import { AIMessage } from "@langchain/core/messages";
import { type FakeBuiltModel, fakeModel } from "@langchain/core/testing";
import type { ChatModelFactory } from "../settings/chat-model.ts";
import { createChatModel } from "../settings/chat-model.ts";

/**
 * A model factory for tests: the workspace model named "scripted" is a scripted model (no LLM is
 * reachable here); any other model is the real client, e.g. against the local OpenAI-compatible
 * test server.
 */
export function scriptedOrReal() {
  const model: FakeBuiltModel = fakeModel();
  const factory: ChatModelFactory = (settings, fetch) =>
    settings.model === "scripted" ? model : createChatModel(settings, fetch);
  return { model, factory };
}

/** A model answer that calls one tool, with token usage. */
export const toolAnswer = (
  name: string,
  args: Record<string, unknown>,
  usage: [number, number] = [0, 0],
) =>
  new AIMessage({
    content: "",
    tool_calls: [{ id: `call_${name}_${Math.random().toString(36).slice(2)}`, name, args }],
    usage_metadata: {
      input_tokens: usage[0],
      output_tokens: usage[1],
      total_tokens: usage[0] + usage[1],
    },
  });
