import { createRateLimiter } from "./rate-limit.ts";
import { DEFAULT_RETRY, type RetryOptions, withRetry } from "./retry.ts";
import type { ConnectorContext, RateLimit } from "./types.ts";

/**
 * The context one scan (or connection test) hands to a connector: one rate limiter shared by all
 * its scopes, and retries around every call. Each retry takes a fresh token, so a throttled
 * connector slows down instead of hammering the API.
 */
export function createConnectorContext(
  signal: AbortSignal,
  rateLimit: RateLimit,
  retry: RetryOptions = DEFAULT_RETRY,
): ConnectorContext {
  const limiter = createRateLimiter(rateLimit.requestsPerSecond, rateLimit.burst);
  return {
    signal,
    call(label, fn) {
      return withRetry(
        label,
        async () => {
          await limiter.take(signal);
          return fn(signal);
        },
        signal,
        retry,
      );
    },
  };
}
