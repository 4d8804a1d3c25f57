import { sleep } from "./retry.ts";

/**
 * A token bucket: `burst` calls at once, then `perSecond` sustained. Providers publish limits as
 * a rate with a burst (EC2 API request throttling, Cloudflare 1200/5 min, DigitalOcean 5000/h),
 * so one bucket per connector keeps a scan of many regions under its account's budget.
 */
export interface RateLimiter {
  /** Waits for a token; rejects when the signal aborts. */
  take(signal: AbortSignal): Promise<void>;
}

export function createRateLimiter(
  perSecond: number,
  burst: number,
  now: () => number = Date.now,
): RateLimiter {
  let tokens = burst;
  let updated = now();
  // Waiters are served in order: each reserves its token before sleeping.
  let queue: Promise<void> = Promise.resolve();
  const refill = () => {
    const t = now();
    tokens = Math.min(burst, tokens + ((t - updated) / 1000) * perSecond);
    updated = t;
  };
  return {
    take(signal) {
      const turn = queue.then(async () => {
        refill();
        if (tokens < 1) await sleep(((1 - tokens) / perSecond) * 1000, signal);
        refill();
        tokens -= 1;
      });
      queue = turn.catch(() => {});
      return turn;
    },
  };
}

/** Runs `worker` over `items` with at most `limit` in flight; settles every item. */
export async function forEachConcurrent<T>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      await worker(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
}
