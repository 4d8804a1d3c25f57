import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";

/** Background jobs of cost budgets (being written). */
export function registerBudgetsJobs(_db: Db, _services: Services): void {}

export async function scheduleBudgetsJobs(_db: Db, _services: Services): Promise<void> {}
