// Embeddings from a model server: OpenAI or any server speaking its `POST /embeddings` (llama.cpp
// llama-server, vLLM, LM Studio), or Ollama's `POST /api/embed`, through the official LangChain
// clients. The dimension is whatever the model answers with, learned from the first response.

import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { AppError } from "../../platform/errors.ts";
import type { Embedder, EmbedderStats } from "./embedder.ts";

export type ProviderKind = "openai" | "openai-compatible" | "ollama";

/** A provider model with its base URL and key resolved (the key from the vault). */
export interface ProviderModel {
  provider: ProviderKind;
  model: string;
  baseUrl: string | null;
  apiKey: string | undefined;
}

export const OLLAMA_DEFAULT_URL = "http://localhost:11434";

/**
 * The client of one provider. Every request goes through our outbound `fetch` (SSRF rules,
 * deadline, size limit), as the chat models' do. No retries here: the index job retries with
 * its own backoff, and a query should say at once that the provider is down. The SDK loads at
 * first use: a server that never embeds through a provider never holds it.
 */
async function clientOf(
  m: ProviderModel,
  fetch: typeof globalThis.fetch,
): Promise<EmbeddingsInterface> {
  if (m.provider === "ollama") {
    const { OllamaEmbeddings } = await import("@langchain/ollama");
    return new OllamaEmbeddings({
      model: m.model,
      baseUrl: m.baseUrl ?? OLLAMA_DEFAULT_URL,
      fetch,
      maxRetries: 0,
      ...(m.apiKey ? { headers: { Authorization: `Bearer ${m.apiKey}` } } : {}),
    });
  }
  const { OpenAIEmbeddings } = await import("@langchain/openai");
  return new OpenAIEmbeddings({
    model: m.model,
    // Local servers take any key; the SDK insists on one.
    apiKey: m.apiKey ?? "not-needed",
    maxRetries: 0,
    // Plain floats: every compatible server speaks them; base64 (the SDK default) not all do.
    encodingFormat: "float",
    configuration: { baseURL: m.baseUrl ?? undefined, fetch },
  });
}

/** Where a provider lives, for messages: the host only, never a path, query or credentials. */
function hostOf(m: ProviderModel): string {
  const url =
    m.baseUrl ?? (m.provider === "ollama" ? OLLAMA_DEFAULT_URL : "https://api.openai.com");
  try {
    return new URL(url).host;
  } catch {
    return "(invalid base URL)";
  }
}

/** A provider failure as a person can act on it: which model, where, the status and why. */
export function providerError(m: ProviderModel, error: unknown): AppError {
  const e = error as { status?: unknown; status_code?: unknown; message?: unknown };
  const status = typeof e?.status === "number" ? e.status : e?.status_code;
  let reason = typeof e?.message === "string" ? e.message : String(error);
  // Some servers echo the key they were sent; it must not reach a response or a log.
  if (m.apiKey) reason = reason.split(m.apiKey).join("••••");
  // LangChain appends a link to its own docs; the provider's words are what helps here.
  reason = reason
    .replace(/\s*Troubleshooting URL:\s*\S+/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  const withStatus =
    typeof status === "number" && !reason.startsWith(String(status))
      ? `HTTP ${status}: ${reason}`
      : reason;
  return new AppError(
    "unavailable",
    `The embedding model ${m.provider}:${m.model} at ${hostOf(m)} failed: ${withStatus}`,
  );
}

/** The tokens a provider reports: OpenAI's `usage.prompt_tokens`, Ollama's `prompt_eval_count`. */
function tokensOf(body: unknown): number {
  const b = body as { usage?: { prompt_tokens?: unknown }; prompt_eval_count?: unknown } | null;
  const tokens = b?.usage?.prompt_tokens ?? b?.prompt_eval_count;
  return typeof tokens === "number" && Number.isFinite(tokens) && tokens > 0 ? tokens : 0;
}

/**
 * The provider's fetch, noting the tokens each answer reports: the LangChain clients return
 * vectors only, and a large input is split into several requests.
 */
function countingFetch(fetch: typeof globalThis.fetch, add: (tokens: number) => void) {
  return (async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok)
      add(
        tokensOf(
          await response
            .clone()
            .json()
            .catch(() => null),
        ),
      );
    return response;
  }) as typeof globalThis.fetch;
}

/**
 * An embedder calling a provider; checks what comes back before anything is stored. The tokens
 * each call used go to `recordTokens` (AI spend), even when the call fails part-way.
 */
export function createProviderEmbedder(
  m: ProviderModel,
  fetch: typeof globalThis.fetch,
  recordTokens?: (tokens: number) => Promise<void>,
): Embedder & { stats: EmbedderStats } {
  let tokens = 0;
  const counted = countingFetch(fetch, (n) => {
    tokens += n;
  });
  let client: Promise<EmbeddingsInterface> | undefined;
  const stats: EmbedderStats = { calls: 0, texts: 0 };
  const flushTokens = async () => {
    const used = tokens;
    tokens = 0;
    if (used > 0) await recordTokens?.(used);
  };
  let dimension: number | undefined;
  const fail = (reason: string) => providerError(m, new Error(reason));
  return {
    model: `${m.provider}:${m.model}`,
    get dimension() {
      return dimension;
    },
    stats,
    async embed(texts) {
      if (texts.length === 0) return [];
      let vectors: number[][];
      try {
        client ??= clientOf(m, counted);
        vectors = await (await client).embedDocuments(texts);
      } catch (error) {
        throw providerError(m, error);
      } finally {
        await flushTokens();
      }
      stats.calls++;
      stats.texts += texts.length;
      if (vectors.length !== texts.length)
        throw fail(`${vectors.length} vectors came back for ${texts.length} texts`);
      for (const v of vectors) {
        if (!Array.isArray(v) || v.length === 0 || !v.every(Number.isFinite))
          throw fail("a vector was empty or not numbers");
        dimension ??= v.length;
        if (v.length !== dimension)
          throw fail(`vectors of ${v.length} and ${dimension} dimensions came back`);
      }
      return vectors;
    },
  };
}
