import type { Db } from "../../../platform/db/database.ts";
import type { Services } from "../../../platform/services.ts";

/** The job that evaluates a workspace's alert rules (defined in alerts.jobs.ts). */
export const EVALUATE_JOB = "alerts.evaluate";

/**
 * Asks for the workspace's rules to be evaluated soon, e.g. because a check changed status.
 * Requests made while one is queued collapse into it.
 */
export async function requestEvaluation(services: Services, db: Db, workspaceId: string) {
  await services.jobs.enqueue(
    db,
    EVALUATE_JOB,
    { workspaceId },
    { workspaceId, maxAttempts: 3, singletonKey: `${EVALUATE_JOB}:${workspaceId}` },
  );
}
