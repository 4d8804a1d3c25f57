import { z } from "zod";
import { defineOperation, userOf, workspaceOf } from "../../platform/operations/define.ts";
import { saveEmbeddingSettings, viewEmbeddingSettings } from "./embedding-settings.service.ts";
import { zEmbeddingSettings, zEmbeddingSettingsInput } from "./embedding-settings.zod.ts";
import { enqueueIndex } from "./search.jobs.ts";

export const searchEmbeddingsGet = defineOperation({
  name: "search.embeddings.get",
  summary:
    "The workspace's embedding model for semantic search, the model its index is built with and " +
    "the progress of a re-index (an API key is never returned, only whether one is set)",
  input: z.object({}),
  output: zEmbeddingSettings,
  permission: "search:read",
  mutates: false,
  handler: (_input, ctx) => viewEmbeddingSettings(ctx.db, ctx.services.secrets, workspaceOf(ctx)),
});

export const searchEmbeddingsSet = defineOperation({
  name: "search.embeddings.set",
  summary:
    "Choose the embedding model of semantic search: the offline one, OpenAI, an OpenAI-compatible " +
    "server or Ollama. A new model re-indexes the workspace in the background; search uses the " +
    "old index until the new one is complete",
  input: zEmbeddingSettingsInput,
  output: zEmbeddingSettings,
  permission: "search:manage",
  mutates: true,
  example: {
    provider: "openai-compatible",
    model: "nomic-embed-text-v1.5",
    baseUrl: "http://localhost:8080/v1",
  },
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const { secrets } = ctx.services;
    const saved = await saveEmbeddingSettings(ctx.db, secrets, workspaceId, userOf(ctx), input);
    if (saved.needsReindex) await enqueueIndex(ctx.db, ctx.services, workspaceId);
    ctx.audit.targetId = workspaceId;
    return viewEmbeddingSettings(ctx.db, secrets, workspaceId);
  },
});

export const embeddingSettingsOperations = [searchEmbeddingsGet, searchEmbeddingsSet] as const;
