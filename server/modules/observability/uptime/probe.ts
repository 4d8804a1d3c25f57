import { refusalReason, type TargetPolicy } from "./target-policy.ts";

/** What one run of a check found. */
export interface ProbeOutcome {
  isUp: boolean;
  latencyMs: number | null;
  statusCode: number | null;
  error: string | null;
  certificateDays: number | null;
}

/** A run that failed before it could measure anything. */
export const failedProbe = (error: string): ProbeOutcome => ({
  isUp: false,
  latencyMs: null,
  statusCode: null,
  certificateDays: null,
  error,
});

/** Rewrites the outbound client's refusal ("<host> resolves to <address>, …") with the reason. */
export function refusedMessage(message: string, policy: TargetPolicy, what?: string): string {
  const match = /^(\S+) resolves to (\S+?),/.exec(message);
  if (!match) return message;
  return `${match[1]}: ${refusalReason(match[2]!, policy, what)}`;
}

/** The pause between a failed probe and its retry. */
export const RETRY_PAUSE_MS = 1_000;

/** Runs a probe up to 1 + retries times, a second apart, until one run is up. */
export async function withRetries(
  retries: number,
  probe: () => Promise<ProbeOutcome>,
  pauseMs = RETRY_PAUSE_MS,
): Promise<ProbeOutcome> {
  let outcome = await probe();
  for (let attempt = 0; attempt < retries && !outcome.isUp; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    outcome = await probe();
  }
  return outcome;
}
