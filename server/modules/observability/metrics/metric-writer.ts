import type { Db } from "../../../platform/db/database.ts";
import { createGroupCommit } from "../../../platform/db/group-commit.ts";
import { insertSamples, type MetricSample } from "./metric-store.ts";

export interface MetricWriterOptions {
  /** Samples accepted but not yet committed, across all senders; beyond it, 429. */
  maxPendingSamples?: number;
  /** Samples per transaction. */
  maxBatchSamples?: number;
  /** How long the first request of a batch waits for company before the batch is written. */
  lingerMs?: number;
  /** Transactions in flight at once (see createGroupCommit). */
  concurrency?: number;
}

/**
 * Metric ingest's group commit: concurrent requests' samples are written by one transaction
 * (insertSamples: one COPY, and each roll-up row of the merged batch upserted once however many
 * requests touched it). `write` resolves once the request's samples are committed.
 */
export function createMetricWriter(db: Db, options: MetricWriterOptions = {}) {
  const queue = createGroupCommit<MetricSample>({
    commit: async (samples) => {
      await insertSamples(db, samples);
    },
    maxPending: options.maxPendingSamples ?? 500_000,
    maxBatch: options.maxBatchSamples ?? 50_000,
    lingerMs: options.lingerMs ?? 2,
    concurrency: options.concurrency,
  });
  return { write: queue.write, pendingSamples: queue.pending, flush: queue.flush };
}

export type MetricWriter = ReturnType<typeof createMetricWriter>;
