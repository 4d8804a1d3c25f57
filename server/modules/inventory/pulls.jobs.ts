import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { connectors } from "./inventory.schema.ts";
import { connectorPulls } from "./pulls.schema.ts";
import { type PullDeps, type PullKind, queuePull, runPull } from "./pulls.service.ts";

export const PULL_JOB = "inventory.pull";
export const SCHEDULED_METRICS_PULL_JOB = "inventory.scheduledMetricsPull";
export const SCHEDULED_COSTS_PULL_JOB = "inventory.scheduledCostsPull";

export function pullDeps(services: Services): Omit<PullDeps, "log"> {
  return {
    secrets: services.secrets,
    blockPrivateNetworks: services.config.blockPrivateNetworks,
    events: services.events,
    jobs: services.jobs,
  };
}

/** Queues a pull and its job; returns the pull (an already active one is returned as is). */
export async function startPull(
  db: Db,
  services: Services,
  workspaceId: string,
  connectorId: string,
  kind: PullKind,
  trigger: "manual" | "schedule",
) {
  const { pull, isNew } = await queuePull(db, workspaceId, connectorId, kind, trigger);
  if (!isNew) return pull;
  const job = await services.jobs.enqueue(
    db,
    PULL_JOB,
    { pullId: pull.id },
    { workspaceId, maxAttempts: 1, singletonKey: `${PULL_JOB}:${pull.id}` },
  );
  const [withJob] = await db
    .update(connectorPulls)
    .set({ jobId: job.id })
    .where(eq(connectorPulls.id, pull.id))
    .returning();
  return withJob!;
}

export function registerPullJobs(db: Db, services: Services, deps = pullDeps(services)) {
  services.jobs.define({
    name: PULL_JOB,
    payload: z.object({ pullId: z.uuid() }),
    // A failed pull is recorded with its reason; the next scheduled one retries the window.
    maxAttempts: 1,
    timeoutMs: 30 * 60_000,
    handler: async ({ pullId }, ctx) => {
      const pull = await runPull(db, { ...deps, log: ctx.log }, pullId, ctx.signal);
      return { status: pull.status, items: pull.items };
    },
  });
  const scheduled = (kind: PullKind) => async () => {
    const column = kind === "metrics" ? connectors.pullsMetrics : connectors.pullsCosts;
    const rows = await db
      .select({ id: connectors.id, workspaceId: connectors.workspaceId })
      .from(connectors)
      .where(eq(column, true));
    for (const row of rows)
      await startPull(db, services, row.workspaceId, row.id, kind, "schedule");
    return { connectors: rows.length };
  };
  services.jobs.define({
    name: SCHEDULED_METRICS_PULL_JOB,
    payload: z.object({}),
    handler: scheduled("metrics"),
  });
  services.jobs.define({
    name: SCHEDULED_COSTS_PULL_JOB,
    payload: z.object({}),
    handler: scheduled("costs"),
  });
}

/**
 * Metrics every 15 minutes (each pull takes the window since the last, so the cadence sets only
 * the freshness); costs daily at 05:30 UTC, after the providers' overnight cost refresh.
 */
export async function schedulePullJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: SCHEDULED_METRICS_PULL_JOB,
    cron: "*/15 * * * *",
    jobName: SCHEDULED_METRICS_PULL_JOB,
  });
  await services.jobs.schedule(db, {
    key: SCHEDULED_COSTS_PULL_JOB,
    cron: "30 5 * * *",
    jobName: SCHEDULED_COSTS_PULL_JOB,
  });
}
