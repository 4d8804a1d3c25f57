import { z } from "zod";
import { zTimestamp } from "../../platform/operations/zod.ts";
import { zPrice } from "../ai/settings/ai-settings.zod.ts";

export const EMBEDDING_PROVIDERS = ["local", "openai", "openai-compatible", "ollama"] as const;
export type EmbeddingProvider = (typeof EMBEDDING_PROVIDERS)[number];

export const zEmbeddingSettingsInput = z.strictObject({
  provider: z
    .enum(EMBEDDING_PROVIDERS)
    .describe("local: the bundled offline model (nothing leaves the machine)"),
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Required for a provider: e.g. text-embedding-3-small, nomic-embed-text"),
  baseUrl: z
    .url({ protocol: /^https?$/, message: "must be an http or https URL" })
    .max(500)
    .nullable()
    .optional()
    .describe(
      "e.g. http://localhost:8080/v1; empty: the AI settings' base URL when they name the same provider",
    ),
  /** Sets or replaces the embedding key in the vault; never returned. Omit to keep it. */
  apiKey: z.string().min(1).max(500).optional(),
  removeApiKey: z.boolean().optional(),
  pricePerMillion: zPrice
    .nullable()
    .optional()
    .describe("Per million input tokens, for AI spend; omit to keep, null when unknown or free"),
});
export type EmbeddingSettingsInput = z.output<typeof zEmbeddingSettingsInput>;

export const zEmbeddingSettings = z.object({
  provider: z.enum(EMBEDDING_PROVIDERS),
  model: z.string().describe("The model new vectors are made with"),
  baseUrl: z.string().nullable().describe("Set here; null when reused or the default"),
  /** The base URL or key comes from the AI (chat) settings of the same provider. */
  reusesAiSettings: z.boolean(),
  hasApiKey: z.boolean().describe("A key is set here or reused from the AI settings"),
  apiKeyMasked: z.string().nullable(),
  pricePerMillion: z.string().nullable().describe("Per million input tokens, for AI spend"),
  index: z.object({
    model: z.string().describe("`provider:model` of the index search uses now"),
    dimension: z.number().int().nullable().describe("Of its vectors, learned from the model"),
    state: z
      .enum(["ready", "reindexing"])
      .describe("reindexing: a new model is being indexed; search uses the old index meanwhile"),
    targetModel: z.string(),
    /** Items embedded with the target model, of all searchable items. */
    indexed: z.number().int(),
    total: z.number().int(),
    lastError: z.string().nullable().describe("Why the last index run failed; it is retried"),
    lastErrorAt: zTimestamp.nullable(),
  }),
  updatedAt: zTimestamp.nullable(),
});
export type EmbeddingSettingsView = z.input<typeof zEmbeddingSettings>;
