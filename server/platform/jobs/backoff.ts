const BASE_MS = 1_000;
const MAX_MS = 3_600_000;
const JITTER = 0.2;

/**
 * Delay before the next attempt: 2^attempt seconds, ±20% so jobs that failed together (one
 * outage) do not all retry in the same instant, and never more than an hour.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = BASE_MS * 2 ** Math.max(0, attempt);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.round(Math.min(jittered, MAX_MS));
}
