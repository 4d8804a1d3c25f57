import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../../platform/db/database.ts";
import { jobs } from "../../../platform/jobs/jobs.schema.ts";
import type { Job } from "../../../platform/jobs/jobs.types.ts";
import type { Services } from "../../../platform/services.ts";
import { findAnomalies, saveFindings } from "./anomalies.service.ts";
import { workspacesWithCosts } from "./anomaly-series.ts";
import { describeNewAnomalies } from "./anomaly-text.ts";

/** Finds cost anomalies; payload { workspaceId } for one workspace, {} for every workspace. */
export const DETECT_ANOMALIES_JOB = "costs.detectAnomalies";
const zPayload = z.object({ workspaceId: z.uuid().optional() });

/**
 * Queues detection for one workspace. While one is queued or running for it, that job is
 * returned instead of a second.
 */
export function enqueueAnomalyDetection(
  db: Db,
  jobs: Services["jobs"],
  workspaceId: string,
): Promise<Job> {
  return jobs.enqueue(
    db,
    DETECT_ANOMALIES_JOB,
    { workspaceId },
    { workspaceId, singletonKey: `${DETECT_ANOMALIES_JOB}:${workspaceId}` },
  );
}

/** A detection run of the workspace (the latest without an id), or undefined. */
export async function detectionRun(db: Db, workspaceId: string, jobId?: string) {
  const [job] = await db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.workspaceId, workspaceId),
        eq(jobs.name, DETECT_ANOMALIES_JOB),
        jobId ? eq(jobs.id, jobId) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  if (!job) return undefined;
  const result = (job.result ?? {}) as { found?: number; added?: number };
  return {
    jobId: job.id,
    status: job.status as "queued" | "running" | "succeeded" | "failed" | "cancelled",
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    found: result.found ?? null,
    added: result.added ?? null,
    error: job.lastError,
  };
}

/** Background jobs of cost anomalies. */
export function registerAnomaliesJobs(db: Db, services: Services): void {
  services.jobs.define({
    name: DETECT_ANOMALIES_JOB,
    payload: zPayload,
    timeoutMs: 30 * 60_000,
    handler: async ({ workspaceId }, ctx) => {
      if (!workspaceId) {
        // One job per workspace: any instance may take each, and one failing workspace does
        // not hold back the others.
        const ids = await workspacesWithCosts(db);
        for (const id of ids) await enqueueAnomalyDetection(db, services.jobs, id);
        return { workspaces: ids.length };
      }
      // The reads run outside the transaction: on PGlite it would hold the only connection.
      const run = await findAnomalies(db, workspaceId);
      ctx.signal.throwIfAborted();
      const saved = await db.transaction(async (tx) => {
        const result = await saveFindings(tx as Db, workspaceId, run);
        for (const message of describeNewAnomalies(result.added)) {
          await services.notifications.notify(tx as Db, {
            workspaceId,
            kind: "cost.anomaly",
            ...message,
          });
        }
        // The same anomalies people were told about, for automations triggered by them.
        const notable = result.added.filter((f) => f.severity !== "low");
        if (notable.length > 0) {
          await services.domainEvents.emit(tx as Db, workspaceId, "cost.anomaly", {
            anomalies: notable.map((f) => ({
              id: f.id,
              day: f.day,
              dimension: f.dimension,
              key: f.key,
              currency: f.currency,
              actual: f.actual,
              expected: f.expected,
              severity: f.severity,
            })),
          });
        }
        return result;
      });
      services.events.publish(workspaceId, { type: "changed", operation: DETECT_ANOMALIES_JOB });
      ctx.log.info(
        { workspaceId, found: saved.found.length, added: saved.added.length },
        "cost anomalies detected",
      );
      return {
        from: saved.from,
        to: saved.to,
        found: saved.found.length,
        added: saved.added.length,
      };
    },
  });
}

/** Daily at 06:15 UTC, after the night's billing exports have usually landed. */
export async function scheduleAnomaliesJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: DETECT_ANOMALIES_JOB,
    cron: "15 6 * * *",
    jobName: DETECT_ANOMALIES_JOB,
  });
}
