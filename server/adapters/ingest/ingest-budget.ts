import { Transform, type TransformCallback } from "node:stream";
import { AppError } from "../../platform/errors.ts";

/** The answer to a sender when the budget is full: OTLP exporters and Prometheus retry 429. */
export const busy = () =>
  new AppError("rate_limited", "Ingest is busy: retry shortly", { retryAfter: 1 });

/**
 * Bytes of ingest bodies held by this process at once, from the moment a request is admitted
 * until its answer is sent (after its data is committed). A request that does not fit gets 429
 * before its body is read, so memory under a flood is bounded by the budget instead of by the
 * number of senders. One request is always admitted when nothing is held, so a body larger
 * than a small budget is slow rather than refused forever.
 */
export function createIngestBudget(maxBytes: number) {
  let held = 0;
  let peak = 0;
  let refused = 0;
  let admitted = 0;
  /** Who waits for the budget to drop under its bound (paused syslog connections). */
  let waiting: (() => void)[] = [];
  const take = (bytes: number) => {
    held += bytes;
    admitted++;
    if (held > peak) peak = held;
  };
  return {
    maxBytes,
    /** Takes `bytes` from the budget, or returns false (and counts a refusal) when full. */
    tryReserve(bytes: number): boolean {
      if (held > 0 && held + bytes > maxBytes) {
        refused++;
        return false;
      }
      take(bytes);
      return true;
    },
    /**
     * Counts bytes that are already in memory (a chunk a stream socket delivered) and says
     * whether the budget is now over its bound: the reader should pause until `whenRoom`.
     */
    hold(bytes: number): boolean {
      take(bytes);
      return held > maxBytes;
    },
    release(bytes: number) {
      held -= bytes;
      if (held >= maxBytes || waiting.length === 0) return;
      const ready = waiting;
      waiting = [];
      for (const resume of ready) resume();
    },
    /** Whether the bound is reached: readers that hold bytes should pause until `whenRoom`. */
    isFull: () => held >= maxBytes,
    /** Resolves once less than the bound is held. */
    whenRoom(): Promise<void> {
      if (held < maxBytes) return Promise.resolve();
      return new Promise((resume) => waiting.push(resume));
    },
    stats: () => ({ maxBytes, held, peak, refused, admitted }),
  };
}

export type IngestBudget = ReturnType<typeof createIngestBudget>;

/**
 * For bodies without Content-Length (chunked): reserves each chunk as it arrives and fails the
 * body with 429 once the budget is full. `onReserved` learns what is held, to release it later.
 */
export function meteredBody(budget: IngestBudget, onReserved: (bytes: number) => void) {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      if (!budget.tryReserve(chunk.length)) return done(busy());
      onReserved(chunk.length);
      done(null, chunk);
    },
  });
}
