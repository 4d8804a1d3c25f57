import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { registerAnomaliesJobs, scheduleAnomaliesJobs } from "./anomalies/anomalies.jobs.ts";
import { registerBudgetsJobs, scheduleBudgetsJobs } from "./budgets/budgets.jobs.ts";

/** Every background job of the costs module. */
export function registerCostJobs(db: Db, services: Services): void {
  registerBudgetsJobs(db, services);
  registerAnomaliesJobs(db, services);
}

/** Their schedules (idempotent: safe at every start of every instance). */
export async function scheduleCostJobs(db: Db, services: Services): Promise<void> {
  await scheduleBudgetsJobs(db, services);
  await scheduleAnomaliesJobs(db, services);
}
