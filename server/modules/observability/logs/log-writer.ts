import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
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

interface Pending {
  lines: readonly LogLine[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Groups lines from many senders into batched transactions. `write` resolves only once its
 * lines are committed, so what a client was told is stored survives a crash (`kill -9`); when
 * too much is waiting it refuses with rate_limited (HTTP 429) instead of growing without bound.
 */
export function createLogWriter(db: Db, options: LogWriterOptions = {}) {
  const maxPending = options.maxPendingLines ?? 100_000;
  const maxBatch = options.maxBatchLines ?? 10_000;
  const lingerMs = options.lingerMs ?? 10;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const queue: Pending[] = [];
  let pendingLines = 0;
  /** The loops writing batches, at most `concurrency`. */
  const flushing = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  /** Batches are numbered as taken; live tail hears of them in that order, not commit order. */
  let taken = 0;
  let published = 0;
  const finished = new Map<number, readonly LogLine[] | undefined>();
  const drainWaiters: Array<() => void> = [];
  /** Stream senders waiting until `lines` more would be admitted. */
  let roomWaiters: Array<{ lines: number; wake: () => void }> = [];
  const fits = (lines: number) => pendingLines === 0 || pendingLines + lines <= maxPending;

  const takeBatch = () => {
    const batch: Pending[] = [];
    let n = 0;
    while (queue.length > 0 && (n === 0 || n + queue[0]!.lines.length <= maxBatch)) {
      const next = queue.shift()!;
      n += next.lines.length;
      batch.push(next);
    }
    return { batch, n };
  };

  /** Tells live tail of every finished batch whose predecessors have all finished. */
  const publish = (seq: number, lines: readonly LogLine[] | undefined) => {
    finished.set(seq, lines);
    while (finished.has(published)) {
      const next = finished.get(published);
      finished.delete(published);
      published++;
      if (next) options.onCommitted?.(next);
    }
  };

  const flushLoop = async () => {
    while (queue.length > 0) {
      const { batch, n } = takeBatch();
      const seq = taken++;
      const lines = batch.flatMap((p) => p.lines);
      let committed = false;
      try {
        await insertLogLines(db, lines);
        committed = true;
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      } finally {
        pendingLines -= n;
      }
      publish(seq, committed ? lines : undefined);
      if (pendingLines < maxPending / 2) for (const wake of drainWaiters.splice(0)) wake();
      const waiting = roomWaiters;
      roomWaiters = [];
      for (const w of waiting) {
        if (fits(w.lines)) w.wake();
        else roomWaiters.push(w);
      }
    }
  };

  const startLoop = () => {
    const loop: Promise<void> = flushLoop().finally(() => {
      flushing.delete(loop);
      if (queue.length > 0) schedule();
    });
    flushing.add(loop);
  };

  const schedule = () => {
    if (flushing.size >= concurrency || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (queue.length > 0 && flushing.size < concurrency) startLoop();
    }, lingerMs);
  };

  return {
    /** Queues lines and resolves once they are committed; refuses when the queue is full. */
    write(lines: readonly LogLine[]): Promise<void> {
      if (lines.length === 0) return Promise.resolve();
      if (!fits(lines.length)) {
        return Promise.reject(
          new AppError("rate_limited", "Ingest is busy: retry shortly", { retryAfter: 1 }),
        );
      }
      pendingLines += lines.length;
      return new Promise<void>((resolve, reject) => {
        queue.push({ lines, resolve, reject });
        schedule();
      });
    },
    /** True when new writes would be refused: stream senders (syslog TCP) pause instead. */
    isSaturated: () => pendingLines >= maxPending,
    /** Resolves once the queue has drained below half its bound. */
    whenDrained: () =>
      pendingLines < maxPending / 2
        ? Promise.resolve()
        : new Promise<void>((resolve) => drainWaiters.push(resolve)),
    /**
     * Resolves once a write of `lines` would be admitted. Waiting for "below half" is not
     * enough: a large write may still not fit then, and retrying at once would spin.
     */
    whenRoomFor: (lines: number) =>
      fits(lines)
        ? Promise.resolve()
        : new Promise<void>((wake) => roomWaiters.push({ lines, wake })),
    pendingLines: () => pendingLines,
    /** Writes what is queued (shutdown). */
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      while (flushing.size > 0 || queue.length > 0) {
        if (flushing.size === 0) startLoop();
        await Promise.all(flushing);
      }
    },
  };
}

export type LogWriter = ReturnType<typeof createLogWriter>;
