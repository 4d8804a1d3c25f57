import { z } from "zod";
import { zTimestamp } from "../../../platform/operations/zod.ts";

export const AI_PROVIDERS = ["openai", "anthropic", "ollama", "openai-compatible"] as const;
export type AiProvider = (typeof AI_PROVIDERS)[number];

export const zPrice = z
  .string()
  .trim()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, "must be a decimal amount such as 2.50")
  .describe("A decimal string in the workspace's AI currency");

export const zAiSettingsInput = z.strictObject({
  provider: z.enum(AI_PROVIDERS),
  model: z.string().trim().min(1).max(200).describe("e.g. gpt-4o-mini, claude-sonnet-4-5, qwen3"),
  baseUrl: z
    .url({ protocol: /^https?$/, message: "must be an http or https URL" })
    .max(500)
    .nullable()
    .optional()
    .describe("Required for openai-compatible (e.g. http://localhost:8080/v1); optional otherwise"),
  /** Sets or replaces the key in the vault; never returned. Omit to keep the stored one. */
  apiKey: z.string().min(1).max(500).optional(),
  removeApiKey: z.boolean().optional(),
  inputPricePerMillion: zPrice.nullable().optional(),
  outputPricePerMillion: zPrice.nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD")
    .optional(),
  monthlyBudget: zPrice.nullable().optional(),
});
export type AiSettingsInput = z.output<typeof zAiSettingsInput>;

export const zAiSettings = z.object({
  configured: z.boolean(),
  provider: z.enum(AI_PROVIDERS).nullable(),
  model: z.string().nullable(),
  baseUrl: z.string().nullable(),
  hasApiKey: z.boolean(),
  /** The key's last characters as the vault masks them (`••••abcd`), or null. */
  apiKeyMasked: z.string().nullable(),
  inputPricePerMillion: z.string().nullable(),
  outputPricePerMillion: z.string().nullable(),
  currency: z.string(),
  monthlyBudget: z.string().nullable(),
  updatedAt: zTimestamp.nullable(),
});
export type AiSettingsView = z.input<typeof zAiSettings>;

export const zAiTestResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  /** The first words of the model's answer, or why the call failed. */
  message: z.string(),
});
