/**
 * Retrying remote calls. Cloud APIs throttle (AWS `Throttling`/`RequestLimitExceeded`, HTTP 429)
 * and fail transiently (5xx, timeouts, reset sockets); those are retried with exponential
 * backoff and full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"), so scans
 * that were throttled together do not retry in lockstep. Anything else (bad credentials, access
 * denied, validation) fails at once: retrying cannot fix it.
 */

const THROTTLING_NAMES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "BandwidthLimitExceeded",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);

const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const NETWORK_CODES = new Set([
  "ETIMEDOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ECONNABORTED",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "timeout", // OutboundError
  "network", // OutboundError
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: unknown;
  cause?: unknown;
}

function statusOf(error: ErrorLike): number | null {
  for (const value of [error.$metadata?.httpStatusCode, error.status, error.statusCode])
    if (typeof value === "number") return value;
  return null;
}

/** Whether an error is worth retrying: throttling, 429, 5xx, timeouts, dropped connections. */
export function isTransientError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 3) return false;
  const e = error as ErrorLike;
  if (typeof e.name === "string" && (THROTTLING_NAMES.has(e.name) || TIMEOUT_NAMES.has(e.name)))
    return true;
  if (typeof e.code === "string" && (THROTTLING_NAMES.has(e.code) || NETWORK_CODES.has(e.code)))
    return true;
  const status = statusOf(e);
  if (status !== null) return status === 429 || status === 408 || status >= 500;
  if (e.$retryable) return true;
  return isTransientError(e.cause, depth + 1);
}

export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  /** Cap of the first backoff window; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  /** Called before each wait, e.g. to count retries for the scan's progress. */
  onRetry?: (info: { label: string; attempt: number; delayMs: number; error: unknown }) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 };

/** Full jitter: a uniform wait in [0, min(max, base·2^attempt)]. */
export function backoffDelayMs(attempt: number, options: RetryOptions): number {
  const window = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(window * (options.random ?? Math.random)());
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Calls `fn` until it succeeds, fails permanently, runs out of attempts or the signal aborts. */
export async function withRetry<T>(
  label: string,
  fn: () => Promise<T>,
  signal: AbortSignal,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (signal.aborted) throw signal.reason ?? error;
      if (attempt + 1 >= options.attempts || !isTransientError(error)) throw error;
      const delayMs = backoffDelayMs(attempt, options);
      options.onRetry?.({ label, attempt: attempt + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
