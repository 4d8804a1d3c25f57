// Which model embeds a workspace's items. The offline model needs nothing; a provider may take
// its base URL and key from the AI (chat) settings when those name the same provider, so one key
// in the vault serves both. The index switches models only once the new one is complete.

import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/database.ts";
import { invalid } from "../../platform/errors.ts";
import type { SecretsService } from "../../platform/secrets/secrets.service.ts";
import { recordEmbeddingUsage } from "../ai/agent/usage.service.ts";
import {
  modelSettingsOf,
  settingsRowOf,
  viewSettings,
} from "../ai/settings/ai-settings.service.ts";
import { LOCAL_MODEL } from "./embedder.ts";
import type {
  EmbeddingProvider,
  EmbeddingSettingsInput,
  EmbeddingSettingsView,
} from "./embedding-settings.zod.ts";
import type { ProviderModel } from "./provider-embedder.ts";
import { type EmbeddingTarget, searchSettings } from "./search.schema.ts";
import { countSourceItems } from "./sources.ts";
import { vectorCounts } from "./vector-store.ts";

/** The vault entry holding a workspace's embedding API key (when it is not the chat key). */
export const EMBEDDING_KEY_SECRET = "search.embeddings.apiKey";

/**
 * Where the old index's key waits while a new model is indexed, when the setting's own key is
 * replaced or removed meanwhile: search still embeds queries with the old model until then.
 */
export const RETIRED_KEY_SECRET = "search.embeddings.previousApiKey";

/** The bundled model, what every workspace starts with. */
export const LOCAL_TARGET: EmbeddingTarget = {
  provider: "local",
  model: LOCAL_MODEL.slice("local:".length),
  baseUrl: null,
  keySecretName: null,
};

/** The name stored with every vector: only vectors of the same model are compared. */
export const modelIdOf = (t: Pick<EmbeddingTarget, "provider" | "model">) =>
  `${t.provider}:${t.model}`;

export async function searchSettingsOf(db: Db, workspaceId: string) {
  const [row] = await db
    .select()
    .from(searchSettings)
    .where(eq(searchSettings.workspaceId, workspaceId));
  return row;
}

/** The model new vectors are made with, and the model of the index search uses now. */
export async function embeddingTargetsOf(db: Db, workspaceId: string) {
  const row = await searchSettingsOf(db, workspaceId);
  const target: EmbeddingTarget = row
    ? {
        provider: row.provider,
        model: row.model,
        baseUrl: row.baseUrl,
        keySecretName: row.keySecretName,
      }
    : LOCAL_TARGET;
  return { target, active: row?.active ?? LOCAL_TARGET, row };
}

/** A provider target with its base URL and key filled in (own, else the AI settings'). */
export async function resolveProvider(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
  t: EmbeddingTarget,
): Promise<ProviderModel | undefined> {
  if (t.provider === "local") return undefined;
  const chat = await modelSettingsOf(db, secrets, workspaceId);
  const shared = chat?.provider === t.provider ? chat : undefined;
  const ownKey = t.keySecretName
    ? await secrets.reveal(db, workspaceId, t.keySecretName).catch(() => undefined)
    : undefined;
  return {
    provider: t.provider as ProviderModel["provider"],
    model: t.model,
    baseUrl: t.baseUrl ?? shared?.baseUrl ?? null,
    apiKey: ownKey ?? shared?.apiKey,
  };
}

async function ownKeyOf(db: Db, secrets: SecretsService, workspaceId: string, name: string | null) {
  return name ? secrets.find(db, workspaceId, name) : undefined;
}

/** The settings as shown to people (never a key), with the index's model and progress. */
export async function viewEmbeddingSettings(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
): Promise<EmbeddingSettingsView> {
  const { target, active, row } = await embeddingTargetsOf(db, workspaceId);
  const isProvider = target.provider !== "local";
  const chat = isProvider ? await viewSettings(db, secrets, workspaceId) : undefined;
  const shared = chat?.provider === target.provider ? chat : undefined;
  const ownKey = await ownKeyOf(db, secrets, workspaceId, target.keySecretName);
  const counts = await vectorCounts(db, workspaceId);
  const activeModel = modelIdOf(active);
  const targetModel = modelIdOf(target);
  return {
    provider: target.provider as EmbeddingProvider,
    model: target.model,
    baseUrl: target.baseUrl,
    reusesAiSettings: Boolean(
      shared && ((!target.baseUrl && shared.baseUrl) || (!ownKey && shared.hasApiKey)),
    ),
    hasApiKey: Boolean(ownKey ?? shared?.hasApiKey),
    apiKeyMasked: ownKey?.masked ?? shared?.apiKeyMasked ?? null,
    pricePerMillion: row?.pricePerMillion ?? null,
    index: {
      model: activeModel,
      dimension: counts.get(activeModel)?.dimension ?? null,
      state: activeModel === targetModel ? "ready" : "reindexing",
      targetModel,
      indexed: counts.get(targetModel)?.count ?? 0,
      total: await countSourceItems(db, workspaceId),
      lastError: row?.lastError ?? null,
      lastErrorAt: row?.lastErrorAt ?? null,
    },
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * Records a provider's embedding tokens in the workspace's AI spend, priced when the settings
 * name a price for this very model, in the AI settings' currency.
 */
export async function embeddingUsageRecorder(db: Db, workspaceId: string, m: ProviderModel) {
  const row = await searchSettingsOf(db, workspaceId);
  const pricePerMillion = row && modelIdOf(row) === modelIdOf(m) ? row.pricePerMillion : null;
  const currency = (await settingsRowOf(db, workspaceId))?.currency ?? "USD";
  return (tokens: number) =>
    recordEmbeddingUsage(db, {
      workspaceId,
      model: modelIdOf(m),
      tokens,
      pricePerMillion,
      currency,
    });
}

/** Refuses a provider that cannot be called as configured, naming the field to fix. */
async function checkTarget(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
  t: EmbeddingTarget,
) {
  if (t.provider === "local") return;
  const resolved = await resolveProvider(db, secrets, workspaceId, t);
  if (t.provider === "openai-compatible" && !resolved?.baseUrl)
    throw invalid(
      "baseUrl",
      "an OpenAI-compatible server needs its base URL, e.g. http://localhost:8080/v1 (here or in the AI settings)",
    );
  if (t.provider === "openai" && !resolved?.apiKey)
    throw invalid("apiKey", "openai needs an API key (here, or the AI settings' OpenAI key)");
}

/**
 * Moves the own key the current index is queried with aside when a new model is chosen and the
 * key is replaced or removed in the same save; returns the active target naming where it is.
 */
async function keepActiveKey(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
  active: EmbeddingTarget,
  change: { switching: boolean; keyChanges: boolean },
): Promise<EmbeddingTarget> {
  if (!change.switching || !change.keyChanges || active.keySecretName !== EMBEDDING_KEY_SECRET)
    return active;
  const key = await secrets.reveal(db, workspaceId, EMBEDDING_KEY_SECRET).catch(() => undefined);
  if (!key) return active;
  await secrets.set(db, workspaceId, {
    name: RETIRED_KEY_SECRET,
    value: key,
    description: "Key of the previous embedding model, kept until the new index is complete",
  });
  return { ...active, keySecretName: RETIRED_KEY_SECRET };
}

/** Deletes the previous model's key once nothing uses it (the new index is complete). */
export async function forgetRetiredKey(db: Db, secrets: SecretsService, workspaceId: string) {
  await secrets.removeNamed(db, workspaceId, RETIRED_KEY_SECRET);
}

/** The price to keep: the one given, else the saved one while the model stays the same. */
function priceOf(
  input: EmbeddingSettingsInput,
  target: EmbeddingTarget,
  row: Awaited<ReturnType<typeof searchSettingsOf>>,
): string | null {
  if (target.provider === "local") return null;
  if (input.pricePerMillion !== undefined) return input.pricePerMillion;
  const isSameModel = row && modelIdOf(row) === modelIdOf(target);
  return isSameModel ? (row.pricePerMillion ?? null) : null;
}

/**
 * Saves the embedding model; an own key goes to the vault. Returns whether the model changed
 * from the one the index is built with (the caller then queues the re-index).
 */
export async function saveEmbeddingSettings(
  db: Db,
  secrets: SecretsService,
  workspaceId: string,
  userId: string | undefined,
  input: EmbeddingSettingsInput,
): Promise<{ needsReindex: boolean }> {
  const { row, active: current } = await embeddingTargetsOf(db, workspaceId);
  if (input.provider !== "local" && !input.model)
    throw invalid("model", `${input.provider} needs the name of an embedding model`);
  const model = input.provider === "local" ? LOCAL_TARGET.model : input.model!;
  const active = await keepActiveKey(db, secrets, workspaceId, current, {
    switching: modelIdOf({ provider: input.provider, model }) !== modelIdOf(current),
    keyChanges: Boolean(input.apiKey || input.removeApiKey),
  });
  let keySecretName = row?.keySecretName ?? null;
  if (input.removeApiKey && keySecretName) {
    await secrets.removeNamed(db, workspaceId, keySecretName);
    keySecretName = null;
  }
  if (input.apiKey) {
    await secrets.set(db, workspaceId, {
      name: EMBEDDING_KEY_SECRET,
      value: input.apiKey,
      description: "API key of the embedding model (Settings → AI → Semantic search)",
    });
    keySecretName = EMBEDDING_KEY_SECRET;
  }
  const target: EmbeddingTarget =
    input.provider === "local"
      ? { ...LOCAL_TARGET, keySecretName }
      : {
          provider: input.provider,
          model,
          baseUrl: input.baseUrl ?? null,
          keySecretName,
        };
  await checkTarget(db, secrets, workspaceId, target);
  const values = {
    ...target,
    pricePerMillion: priceOf(input, target, row),
    active: row ? active : null,
    updatedBy: userId ?? null,
    updatedAt: new Date(),
  };
  await db
    .insert(searchSettings)
    .values({ workspaceId, ...values })
    .onConflictDoUpdate({ target: searchSettings.workspaceId, set: values });
  return { needsReindex: modelIdOf(target) !== modelIdOf(active) };
}

/**
 * What an index run leaves behind: a complete index with the target model makes it the one
 * search uses; a failure is kept for the settings page until the next success.
 */
export async function recordIndexOutcome(
  db: Db,
  workspaceId: string,
  outcome: { completed: EmbeddingTarget } | { error: string },
) {
  const set =
    "error" in outcome
      ? { lastError: outcome.error, lastErrorAt: new Date() }
      : { active: outcome.completed, lastError: null, lastErrorAt: null };
  await db.update(searchSettings).set(set).where(eq(searchSettings.workspaceId, workspaceId));
}
