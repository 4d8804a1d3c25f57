import { AppError } from "../errors.ts";

export interface GroupCommitOptions<T> {
  /** Commits one batch in one transaction: all of it or none. */
  commit: (items: readonly T[]) => Promise<void>;
  /** Items accepted but not yet committed, across all senders; beyond it, writes are refused. */
  maxPending: number;
  /** Items per batch (a single larger write still goes alone). */
  maxBatch: number;
  /** How long the first write of a batch waits for company before the batch is committed. */
  lingerMs: number;
  /**
   * Batches committed at once (default 1). Two let one batch be prepared in JavaScript while
   * the database commits the other; `commit` must then be safe to run concurrently.
   */
  concurrency?: number;
  /**
   * Told of every committed batch, in the order the batches were taken (not the order they
   * commit, which differs with concurrency > 1): a batch that commits early waits for its
   * predecessors. A failed batch tells nothing; a merged batch retried write by write tells
   * the writes that committed.
   */
  onCommitted?: (items: readonly T[]) => void;
}

interface Pending<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes from many senders are merged into batches, one transaction each, and
 * `write` resolves only once its items are committed, so what a sender was told is stored
 * survives a crash (`kill -9`). When too much is waiting it refuses with rate_limited (HTTP 429)
 * instead of growing without bound. A batch that fails is retried write by write, so one
 * sender's bad data fails only its own write.
 */
export function createGroupCommit<T>(options: GroupCommitOptions<T>) {
  const { maxPending, maxBatch, lingerMs } = options;
  const concurrency = options.concurrency ?? 1;
  const queue: Pending<T>[] = [];
  let pending = 0;
  const flushing = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  const drainWaiters: Array<() => void> = [];
  /** Senders waiting until `items` more would be admitted. */
  let roomWaiters: Array<{ items: number; wake: () => void }> = [];
  const fits = (items: number) => pending === 0 || pending + items <= maxPending;
  /** Batches are numbered as taken; onCommitted hears of them in that order. */
  let taken = 0;
  let published = 0;
  const finished = new Map<number, readonly T[]>();

  const publish = (seq: number, committed: readonly T[]) => {
    finished.set(seq, committed);
    while (finished.has(published)) {
      const next = finished.get(published)!;
      finished.delete(published);
      published++;
      if (next.length > 0) options.onCommitted?.(next);
    }
  };

  const takeBatch = () => {
    const batch: Pending<T>[] = [];
    let n = 0;
    while (queue.length > 0 && (n === 0 || n + queue[0]!.items.length <= maxBatch)) {
      const next = queue.shift()!;
      n += next.items.length;
      batch.push(next);
    }
    return { batch, n };
  };

  /** A merged batch failed: each write alone, so only the bad one fails. Returns what committed. */
  const commitEach = async (batch: Pending<T>[]): Promise<readonly T[]> => {
    let committed: T[] = [];
    for (const p of batch) {
      try {
        await options.commit(p.items);
        p.resolve();
        committed = committed.concat(p.items);
      } catch (error) {
        p.reject(error);
      }
    }
    return committed;
  };

  const flushLoop = async () => {
    while (queue.length > 0) {
      const { batch, n } = takeBatch();
      const seq = taken++;
      const items = batch.length === 1 ? batch[0]!.items : batch.flatMap((p) => p.items);
      let committed: readonly T[] = [];
      try {
        await options.commit(items);
        for (const p of batch) p.resolve();
        committed = items;
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else committed = await commitEach(batch);
      } finally {
        pending -= n;
      }
      publish(seq, committed);
      if (pending < maxPending / 2) for (const wake of drainWaiters.splice(0)) wake();
      const waiting = roomWaiters;
      roomWaiters = [];
      for (const w of waiting) {
        if (fits(w.items)) w.wake();
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
    /** Queues items and resolves once they are committed; refuses when the queue is full. */
    write(items: readonly T[]): Promise<void> {
      if (items.length === 0) return Promise.resolve();
      if (!fits(items.length)) {
        return Promise.reject(
          new AppError("rate_limited", "Ingest is busy: retry shortly", { retryAfter: 1 }),
        );
      }
      pending += items.length;
      return new Promise<void>((resolve, reject) => {
        queue.push({ items, resolve, reject });
        schedule();
      });
    },
    /** True when new writes would be refused: stream senders pause instead. */
    isSaturated: () => pending >= maxPending,
    /** Resolves once the queue has drained below half its bound. */
    whenDrained: () =>
      pending < maxPending / 2
        ? Promise.resolve()
        : new Promise<void>((resolve) => drainWaiters.push(resolve)),
    /**
     * Resolves once a write of `items` would be admitted. Waiting for "below half" is not
     * enough: a large write may still not fit then, and retrying at once would spin.
     */
    whenRoomFor: (items: number) =>
      fits(items)
        ? Promise.resolve()
        : new Promise<void>((wake) => roomWaiters.push({ items, wake })),
    pending: () => pending,
    /** Commits what is queued (shutdown). */
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      while (flushing.size > 0 || queue.length > 0) {
        if (queue.length > 0 && flushing.size < concurrency) startLoop();
        await Promise.all(flushing);
      }
    },
  };
}

export type GroupCommit<T> = ReturnType<typeof createGroupCommit<T>>;
