import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { createOutboundHttp } from "../../../platform/http/outbound.ts";
import type { Services } from "../../../platform/services.ts";
import { evaluateBudgets } from "./budget-alerts.ts";
import { dayOf } from "./periods.ts";

export const EVALUATE_BUDGETS = "costs.evaluateBudgets";

/**
 * `costs.evaluateBudgets` { workspaceId? }: fires crossed thresholds (once per period) and
 * delivers their webhooks, for one workspace (after a cost import) or all (hourly).
 */
export function registerBudgetsJobs(db: Db, services: Services): void {
  const outbound = createOutboundHttp({
    blockPrivateNetworks: services.config.blockPrivateNetworks,
  });
  services.jobs.define({
    name: EVALUATE_BUDGETS,
    payload: z.object({ workspaceId: z.uuid().optional() }),
    // Webhooks wait up to 10 s each; a workspace with many budgets needs room.
    timeoutMs: 15 * 60_000,
    handler: async (payload, ctx) => {
      const result = await evaluateBudgets(
        db,
        {
          notifications: services.notifications,
          secrets: services.secrets,
          domainEvents: services.domainEvents,
          outbound,
          log: ctx.log,
        },
        { workspaceId: payload.workspaceId, today: dayOf(new Date()) },
      );
      // Failed deliveries are retried by the next run; a budget that could not be measured
      // fails the job, so it is retried and shows on the jobs page.
      if (result.errors > 0)
        throw new Error(`${result.errors} of ${result.budgets} budgets could not be evaluated`);
      return result;
    },
  });
}

/** Every hour, every workspace (idempotent: safe at every start of every instance). */
export async function scheduleBudgetsJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: EVALUATE_BUDGETS,
    cron: "7 * * * *",
    jobName: EVALUATE_BUDGETS,
    payload: {},
  });
}
