import type { Db } from "../../platform/db/database.ts";
import { notFound } from "../../platform/errors.ts";
import { createLocalEmbedder, type Embedder, type EmbedderStats } from "./embedder.ts";
import { type IndexResult, indexItem, indexWorkspace } from "./indexer.ts";
import type { EmbeddingKind } from "./search.schema.ts";
import {
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

/**
 * Semantic search over a workspace's wiki pages, log patterns and resources. Built once per
 * process: the model loads on the first embedding, the ranking path is detected on first use.
 */
export function createSearchService(deps: {
  engine: "pglite" | "postgres";
  /** Defaults to the bundled offline model. */
  embedder?: Embedder & { stats?: EmbedderStats };
}) {
  const embedder = deps.embedder ?? createLocalEmbedder();
  let path: Promise<RankingPath> | undefined;

  /** pgvector's `<=>` where the database has it, else the exact scan; detected once. */
  function rankingPath(db: Db): Promise<RankingPath> {
    path ??= detectRankingPath(db, deps.engine);
    path.catch(() => {
      path = undefined;
    });
    return path;
  }

  return {
    embedder,
    rankingPath,

    /** Re-embeds what changed in the workspace and drops vectors of deleted items. */
    reindex(
      db: Db,
      workspaceId: string,
      opts: { kinds?: readonly EmbeddingKind[]; signal?: AbortSignal } = {},
    ): Promise<IndexResult> {
      return indexWorkspace(db, embedder, workspaceId, opts);
    },

    /** Items nearest in meaning to a text or to an item, best first. */
    async similar(db: Db, workspaceId: string, q: SimilarQuery): Promise<Neighbour[]> {
      let vector: number[] | undefined;
      if (q.item) {
        const { kind, id } = q.item;
        vector =
          (await storedVector(db, workspaceId, kind, id, embedder.model)) ??
          (await indexItem(db, embedder, workspaceId, kind, id));
        if (!vector)
          throw notFound(kind === "doc" ? "Page" : kind === "pattern" ? "Pattern" : "Resource");
      } else {
        const [raw] = await embedder.embed([q.text ?? ""]);
        vector = normalise(raw!);
      }
      return nearest(db, await rankingPath(db), {
        workspaceId,
        model: embedder.model,
        vector,
        kinds: q.kinds,
        limit: q.limit,
        exclude: q.item ? { kind: q.item.kind, refId: q.item.id } : undefined,
      });
    },
  };
}
