import type { ConnectorContext } from "./types.ts";

/**
 * How long an action waits for the provider's long-running operation (Azure's async operation,
 * a Compute Engine zonal Operation) before reporting it under way. Below the inventory's own
 * deadline for one action (60 s), so an operation that takes longer (a deallocation can take
 * minutes) is reported as accepted and in progress, not as failed.
 */
export const OPERATION_WAIT_MS = 45_000;

export type Waited<T> = { done: true; value: T } | { done: false };

/**
 * Runs `wait` (polling an operation the provider accepted) under the context's signal and the
 * wait budget. A failed operation rethrows; a budget that ran out first resolves `done: false`
 * (the operation goes on at the provider). The context's own deadline still fails the call.
 */
export async function waitForOperation<T>(
  ctx: ConnectorContext,
  wait: (signal: AbortSignal) => Promise<T>,
  budgetMs = OPERATION_WAIT_MS,
): Promise<Waited<T>> {
  const budget = AbortSignal.timeout(budgetMs);
  try {
    return { done: true, value: await wait(AbortSignal.any([ctx.signal, budget])) };
  } catch (error) {
    if (budget.aborted && !ctx.signal.aborted) return { done: false };
    throw error;
  }
}
