import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";
import { registerUptimeJobs, scheduleUptimeJobs } from "../uptime/uptime.jobs.ts";
import { alertRules } from "./alerts.schema.ts";
import { evaluateWorkspace } from "./engine.ts";
import { EVALUATE_JOB, requestEvaluation } from "./evaluation-request.ts";
import { registerDeliveryJob } from "./notify.ts";
import { routeFiring } from "./routing/routing.service.ts";

const EVALUATE_ALL_JOB = "alerts.evaluateAll";

/** Health checks and alerts: run checks, evaluate rules, deliver webhooks. */
export function registerHealthAndAlertJobs(db: Db, services: Services) {
  registerUptimeJobs(db, services);
  registerDeliveryJob(db, services);
  // Inside the firing's transaction (a savepoint): routing fails alone, never the firing.
  services.domainEvents.on("alert.firing", async (tx, workspaceId, event) => {
    await routeFiring(tx, services, workspaceId, event);
  });
  services.jobs.define({
    name: EVALUATE_JOB,
    payload: z.object({ workspaceId: z.uuid() }),
    maxAttempts: 3,
    timeoutMs: 5 * 60_000,
    handler: async ({ workspaceId }) => evaluateWorkspace(db, services, workspaceId),
  });
  services.jobs.define({
    name: EVALUATE_ALL_JOB,
    payload: z.object({}),
    handler: async () => {
      const rows = await db
        .selectDistinct({ workspaceId: alertRules.workspaceId })
        .from(alertRules)
        .where(eq(alertRules.isEnabled, true));
      for (const row of rows) await requestEvaluation(services, db, row.workspaceId);
      return { workspaces: rows.length };
    },
  });
}

/** Rules are evaluated every minute (and at once when a check changes status). */
export async function scheduleHealthAndAlertJobs(db: Db, services: Services) {
  await scheduleUptimeJobs(db, services);
  await services.jobs.schedule(db, {
    key: EVALUATE_ALL_JOB,
    cron: "* * * * *",
    jobName: EVALUATE_ALL_JOB,
  });
}
