import type { Db } from "../../platform/db/database.ts";
import { notFound } from "../../platform/errors.ts";
import type { SecretsService } from "../../platform/secrets/secrets.service.ts";
import { createLocalEmbedder, type Embedder, type EmbedderStats } from "./embedder.ts";
import {
  embeddingTargetsOf,
  embeddingUsageRecorder,
  forgetRetiredKey,
  modelIdOf,
  recordIndexOutcome,
  resolveProvider,
} from "./embedding-settings.service.ts";
import { type IndexResult, indexItem, indexWorkspace } from "./indexer.ts";
import { createProviderEmbedder } from "./provider-embedder.ts";
import { EMBEDDING_KINDS, type EmbeddingKind, type EmbeddingTarget } from "./search.schema.ts";
import {
  deleteOtherModels,
  detectRankingPath,
  type Neighbour,
  nearest,
  normalise,
  type RankingPath,
  storedVector,
} from "./vector-store.ts";

export interface SimilarQuery {
  text?: string;
  item?: { kind: EmbeddingKind; id: string };
  kinds: readonly EmbeddingKind[];
  limit: number;
}

export type SearchService = ReturnType<typeof createSearchService>;

/** Index runs one reindex makes at most when the model keeps changing under it. */
const MAX_ROUNDS = 3;

/**
 * Semantic search over a workspace's wiki pages, log patterns and resources. Built once per
 * process: the model loads on the first embedding, the ranking path is detected on first use.
 * Each workspace embeds with the model its settings name (the offline one by default); search
 * uses the last complete index and its model until a new model's index is complete.
 */
export function createSearchService(deps: {
  engine: "pglite" | "postgres";
  secrets: SecretsService;
  /** The outbound policy's fetch (SSRF rules, deadline, size limit) for provider calls. */
  fetch: typeof globalThis.fetch;
  /** The offline model; defaults to the bundled one. */
  embedder?: Embedder & { stats?: EmbedderStats };
}) {
  const embedder = deps.embedder ?? createLocalEmbedder();
  let path: Promise<RankingPath> | undefined;

  /** The embedder of a target: the shared offline one, or a provider client. */
  async function embedderOf(db: Db, workspaceId: string, t: EmbeddingTarget): Promise<Embedder> {
    const provider = await resolveProvider(db, deps.secrets, workspaceId, t);
    if (!provider) return embedder;
    const recordTokens = await embeddingUsageRecorder(db, workspaceId, provider);
    return createProviderEmbedder(provider, deps.fetch, recordTokens);
  }

  /** pgvector's `<=>` where the database has it, else the exact scan; detected once. */
  function rankingPath(db: Db): Promise<RankingPath> {
    path ??= detectRankingPath(db, deps.engine);
    path.catch(() => {
      path = undefined;
    });
    return path;
  }

  /** One index run with the model the settings name now; returns that model with the counts. */
  async function indexOnce(
    db: Db,
    workspaceId: string,
    opts: { kinds?: readonly EmbeddingKind[]; signal?: AbortSignal },
  ): Promise<IndexResult & { model: string }> {
    const { target, active, row } = await embeddingTargetsOf(db, workspaceId);
    const model = modelIdOf(target);
    const switching = model !== modelIdOf(active);
    const kinds = switching ? EMBEDDING_KINDS : (opts.kinds ?? EMBEDDING_KINDS);
    let result: IndexResult;
    try {
      const byModel = await embedderOf(db, workspaceId, target);
      result = await indexWorkspace(db, byModel, workspaceId, { kinds, signal: opts.signal });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (row) await recordIndexOutcome(db, workspaceId, { error: message });
      throw error;
    }
    if (kinds.length === EMBEDDING_KINDS.length) await deleteOtherModels(db, workspaceId, model);
    if (row && (switching || row.lastError))
      await recordIndexOutcome(db, workspaceId, { completed: target });
    if (switching) await forgetRetiredKey(db, deps.secrets, workspaceId);
    return { ...result, model };
  }

  return {
    embedder,
    rankingPath,

    /**
     * Re-embeds what changed with the workspace's model and drops vectors of deleted items.
     * After a model switch every kind is embedded anew; once complete the new index replaces
     * the old (whose vectors are deleted). A failure is recorded for the settings page and
     * rethrown, so the job retries with its backoff while search keeps the old index. A model
     * chosen while this runs (its enqueue joined this job) is indexed before returning.
     */
    async reindex(
      db: Db,
      workspaceId: string,
      opts: { kinds?: readonly EmbeddingKind[]; signal?: AbortSignal } = {},
    ): Promise<IndexResult> {
      let result = await indexOnce(db, workspaceId, opts);
      for (let rounds = 1; rounds < MAX_ROUNDS; rounds++) {
        const { target } = await embeddingTargetsOf(db, workspaceId);
        if (modelIdOf(target) === result.model) break;
        result = await indexOnce(db, workspaceId, opts);
      }
      const { model: _, ...counts } = result;
      return counts;
    },

    /** The model of the index search uses now in a workspace (`provider:model`). */
    async indexModel(db: Db, workspaceId: string): Promise<string> {
      return modelIdOf((await embeddingTargetsOf(db, workspaceId)).active);
    },

    /** Items nearest in meaning to a text or to an item, best first, by the index's model. */
    async similar(
      db: Db,
      workspaceId: string,
      q: SimilarQuery,
    ): Promise<{ items: Neighbour[]; model: string }> {
      const { active } = await embeddingTargetsOf(db, workspaceId);
      const model = modelIdOf(active);
      let vector: number[] | undefined;
      if (q.item) {
        const { kind, id } = q.item;
        // A stored vector needs no model call: "like this" works while the provider is down.
        vector = await storedVector(db, workspaceId, kind, id, model);
        if (!vector) {
          const byModel = await embedderOf(db, workspaceId, active);
          vector = await indexItem(db, byModel, workspaceId, kind, id);
        }
        if (!vector)
          throw notFound(kind === "doc" ? "Page" : kind === "pattern" ? "Pattern" : "Resource");
      } else {
        const [raw] = await (await embedderOf(db, workspaceId, active)).embed([q.text ?? ""]);
        vector = normalise(raw!);
      }
      const items = await nearest(db, await rankingPath(db), {
        workspaceId,
        model,
        vector,
        kinds: q.kinds,
        limit: q.limit,
        exclude: q.item ? { kind: q.item.kind, refId: q.item.id } : undefined,
      });
      return { items, model };
    },
  };
}
