import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import type { SecretsService } from "../../../platform/secrets/secrets.service.ts";
import { aiSettings } from "../ai.schema.ts";
import type { AiProvider, AiSettingsInput, AiSettingsView } from "./ai-settings.zod.ts";

/** The vault entry holding a workspace's model API key. */
export const AI_KEY_SECRET = "ai.model.apiKey";

export type AiSettingsRow = typeof aiSettings.$inferSelect;

/** What the agent needs to build a model client (the key already taken from the vault). */
export interface ModelSettings {
  provider: AiProvider;
  model: string;
  baseUrl: string | null;
  apiKey: string | undefined;
  inputPricePerMillion: string | null;
  outputPricePerMillion: string | null;
  currency: string;
  monthlyBudget: string | null;
}

export async function settingsRowOf(db: Db, workspaceId: string) {
  const [row] = await db.select().from(aiSettings).where(eq(aiSettings.workspaceId, workspaceId));
  return row;
}

/** The settings as shown to people: never the key, only whether there is one. */
export async function viewSettings(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
): Promise<AiSettingsView> {
  const row = await settingsRowOf(db, workspaceId);
  const stored = row?.keySecretName
    ? await secrets.find(db, workspaceId, row.keySecretName)
    : undefined;
  return {
    configured: Boolean(row),
    provider: (row?.provider as AiProvider | undefined) ?? null,
    model: row?.model ?? null,
    baseUrl: row?.baseUrl ?? null,
    hasApiKey: Boolean(stored),
    apiKeyMasked: stored ? stored.masked : null,
    inputPricePerMillion: row?.inputPricePerMillion ?? null,
    outputPricePerMillion: row?.outputPricePerMillion ?? null,
    currency: row?.currency ?? "USD",
    monthlyBudget: row?.monthlyBudget ?? null,
    updatedAt: row?.updatedAt ?? null,
  };
}

function checkProvider(input: AiSettingsInput, hasKey: boolean) {
  if (input.provider === "openai-compatible" && !input.baseUrl)
    throw invalid(
      "baseUrl",
      "an OpenAI-compatible server needs its base URL, e.g. http://localhost:8080/v1",
    );
  if ((input.provider === "openai" || input.provider === "anthropic") && !hasKey)
    throw invalid("apiKey", `${input.provider} needs an API key`);
}

/** Saves a workspace's model settings; the key goes to the vault, never into this table. */
export async function saveSettings(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
  userId: string | undefined,
  input: AiSettingsInput,
) {
  const existing = await settingsRowOf(db, workspaceId);
  let keySecretName = existing?.keySecretName ?? null;
  if (input.removeApiKey && keySecretName) {
    await secrets.removeNamed(db, workspaceId, keySecretName);
    keySecretName = null;
  }
  if (input.apiKey) {
    await secrets.set(db, workspaceId, {
      name: AI_KEY_SECRET,
      value: input.apiKey,
      description: "API key of the AI model (Settings → AI)",
    });
    keySecretName = AI_KEY_SECRET;
  }
  checkProvider(input, Boolean(keySecretName));
  const values = {
    provider: input.provider,
    model: input.model,
    baseUrl: input.baseUrl ?? null,
    keySecretName,
    inputPricePerMillion: input.inputPricePerMillion ?? null,
    outputPricePerMillion: input.outputPricePerMillion ?? null,
    currency: input.currency ?? existing?.currency ?? "USD",
    monthlyBudget: input.monthlyBudget ?? null,
    updatedBy: userId ?? null,
    updatedAt: new Date(),
  };
  await db
    .insert(aiSettings)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({ target: aiSettings.workspaceId, set: values });
}

/** The settings with the key revealed, for building the model client on the server. */
export async function modelSettingsOf(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
): Promise<ModelSettings | undefined> {
  const row = await settingsRowOf(db, workspaceId);
  if (!row) return undefined;
  return {
    provider: row.provider as AiProvider,
    model: row.model,
    baseUrl: row.baseUrl,
    apiKey: row.keySecretName
      ? await secrets.reveal(db, workspaceId, row.keySecretName).catch(() => undefined)
      : undefined,
    inputPricePerMillion: row.inputPricePerMillion,
    outputPricePerMillion: row.outputPricePerMillion,
    currency: row.currency,
    monthlyBudget: row.monthlyBudget,
  };
}
