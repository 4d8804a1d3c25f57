import { z } from "zod";
import { defineOperation, userOf, workspaceOf } from "../../../platform/operations/define.ts";
import { recordUsage } from "../agent/usage.service.ts";
import { saveSettings, viewSettings } from "./ai-settings.service.ts";
import { zAiSettings, zAiSettingsInput, zAiTestResult } from "./ai-settings.zod.ts";

export const aiSettingsGet = defineOperation({
  name: "ai.settings.get",
  summary:
    "The workspace's AI model settings (the API key is never returned, only whether one is set)",
  input: z.object({}),
  output: zAiSettings,
  permission: "ai:chat",
  mutates: false,
  handler: async (_input, ctx) => viewSettings(ctx.db, ctx.services.secrets, workspaceOf(ctx)),
});

export const aiSettingsSet = defineOperation({
  name: "ai.settings.set",
  summary:
    "Choose the workspace's AI model: provider, model, base URL, API key (kept in the vault), prices and monthly budget",
  input: zAiSettingsInput,
  output: zAiSettings,
  permission: "ai:manage",
  mutates: true,
  example: {
    provider: "openai-compatible",
    model: "qwen3-8b",
    baseUrl: "http://localhost:8080/v1",
  },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    await saveSettings(ctx.db, ctx.services.secrets, workspaceId, userOf(ctx), input);
    ctx.audit.targetId = workspaceId;
    return viewSettings(ctx.db, ctx.services.secrets, workspaceId);
  },
});

const TEST_TIMEOUT_MS = 60_000;

export const aiSettingsTest = defineOperation({
  name: "ai.settings.test",
  summary: "Send the configured model a short prompt and report whether and how fast it answered",
  input: z.object({}),
  output: zAiTestResult,
  permission: "ai:manage",
  mutates: false,
  handler: async (_input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const { agent } = ctx.services;
    const settings = await agent.settingsFor(workspaceId);
    const { HumanMessage } = await import("@langchain/core/messages");
    const started = Date.now();
    try {
      const model = await agent.chatModels(settings, agent.outboundFetch);
      const answer = await model.invoke([new HumanMessage("Reply with the single word OK.")], {
        signal: AbortSignal.timeout(TEST_TIMEOUT_MS),
      });
      const usage = answer.usage_metadata;
      if (usage)
        await recordUsage(ctx.db, {
          workspaceId,
          userId: userOf(ctx) ?? null,
          threadId: null,
          settings,
          usage: { inputTokens: usage.input_tokens ?? 0, outputTokens: usage.output_tokens ?? 0 },
        });
      const text =
        typeof answer.content === "string" ? answer.content : JSON.stringify(answer.content);
      return {
        ok: true,
        latencyMs: Date.now() - started,
        message: text.slice(0, 200) || "(empty answer)",
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, latencyMs: Date.now() - started, message: message.slice(0, 500) };
    }
  },
});

export const aiSettingsOperations = [aiSettingsGet, aiSettingsSet, aiSettingsTest] as const;
