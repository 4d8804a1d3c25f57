import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";

/** Background jobs of cost anomalies (being written). */
export function registerAnomaliesJobs(_db: Db, _services: Services): void {}

export async function scheduleAnomaliesJobs(_db: Db, _services: Services): Promise<void> {}
