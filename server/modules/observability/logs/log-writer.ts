import type { Db } from "../../../platform/db/database.ts";
import { createGroupCommit } from "../../../platform/db/group-commit.ts";
import type { LogLine } from "./log-line.ts";
import { insertLogLines } from "./log-store.ts";

export interface LogWriterOptions {
  /** Lines accepted but not yet committed, across all senders; beyond it, senders wait. */
  maxPendingLines?: number;
  /** Lines per transaction. */
  maxBatchLines?: number;
  /** How long the first line of a batch waits for company before the batch is written. */
  lingerMs?: number;
  /**
   * Transactions in flight at once. Two on PostgreSQL let Node build the next batch while the
   * server writes one; PGlite runs one transaction at a time whatever is asked.
   */
  concurrency?: number;
  /** Told of every committed batch (live tail), in the order the batches were taken. */
  onCommitted?: (lines: readonly LogLine[]) => void;
}

/**
 * Groups lines from many senders into batched transactions (group commit). `write` resolves
 * only once its lines are committed, so what a client was told is stored survives a crash
 * (`kill -9`); when too much is waiting it refuses with rate_limited (HTTP 429) instead of
 * growing without bound.
 */
export function createLogWriter(db: Db, options: LogWriterOptions = {}) {
  const queue = createGroupCommit<LogLine>({
    commit: (lines) => insertLogLines(db, lines),
    maxPending: options.maxPendingLines ?? 100_000,
    maxBatch: options.maxBatchLines ?? 10_000,
    lingerMs: options.lingerMs ?? 10,
    concurrency: options.concurrency,
    onCommitted: options.onCommitted,
  });
  return {
    /** Queues lines and resolves once they are committed; refuses when the queue is full. */
    write: queue.write,
    /** True when new writes would be refused: stream senders (syslog TCP) pause instead. */
    isSaturated: queue.isSaturated,
    /** Resolves once the queue has drained below half its bound. */
    whenDrained: queue.whenDrained,
    /** Resolves once a write of `lines` would be admitted. */
    whenRoomFor: queue.whenRoomFor,
    pendingLines: queue.pending,
    /** Writes what is queued (shutdown). */
    flush: queue.flush,
  };
}

export type LogWriter = ReturnType<typeof createLogWriter>;
