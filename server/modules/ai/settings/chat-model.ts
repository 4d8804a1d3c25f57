import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ModelSettings } from "./ai-settings.service.ts";

/** Builds the model client of a workspace's settings. Tests pass scripted models instead. */
export type ChatModelFactory = (
  settings: ModelSettings,
  fetch: typeof globalThis.fetch,
) => BaseChatModel | Promise<BaseChatModel>;

/**
 * Every client gets our outbound `fetch` (SSRF rules, deadline, size limit), so a base URL an
 * admin typed is called under the same policy as webhooks. Retries are few: a local model that
 * is down should say so quickly, not after minutes. The provider's SDK loads at first use.
 */
export const createChatModel: ChatModelFactory = async (settings, fetch) => {
  const common = { model: settings.model, maxRetries: 1 };
  switch (settings.provider) {
    case "openai":
    case "openai-compatible": {
      const { ChatOpenAI } = await import("@langchain/openai");
      return new ChatOpenAI({
        ...common,
        // Local servers (llama.cpp, vLLM, LM Studio) take any key; the SDK insists on one.
        apiKey: settings.apiKey ?? "not-needed",
        streamUsage: true,
        configuration: {
          baseURL: settings.baseUrl ?? undefined,
          fetch,
        },
      });
    }
    case "anthropic": {
      const { ChatAnthropic } = await import("@langchain/anthropic");
      return new ChatAnthropic({
        ...common,
        apiKey: settings.apiKey,
        anthropicApiUrl: settings.baseUrl ?? undefined,
        clientOptions: { fetch },
      });
    }
    case "ollama": {
      const { ChatOllama } = await import("@langchain/ollama");
      return new ChatOllama({
        model: settings.model,
        baseUrl: settings.baseUrl ?? "http://localhost:11434",
        fetch,
        ...(settings.apiKey ? { headers: { Authorization: `Bearer ${settings.apiKey}` } } : {}),
      });
    }
  }
};
