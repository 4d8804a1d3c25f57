import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { enqueueIndex } from "../search/search.jobs.ts";
import { type DiscoveryDeps, queueScan, runScan } from "./discovery.service.ts";
import { connectors, scans } from "./inventory.schema.ts";
import { registerPullJobs, schedulePullJobs } from "./pulls.jobs.ts";

export const DISCOVER_JOB = "inventory.discover";
export const SCHEDULED_DISCOVERY_JOB = "inventory.scheduledDiscovery";

export function discoveryDeps(services: Services): Omit<DiscoveryDeps, "log"> {
  return {
    secrets: services.secrets,
    blockPrivateNetworks: services.config.blockPrivateNetworks,
    events: services.events,
  };
}

/** Queues a scan and its job; returns the scan (an already active one is returned as is). */
export async function startScan(
  db: Db,
  services: Services,
  workspaceId: string,
  connectorId: string,
  trigger: "manual" | "schedule",
) {
  const { scan, isNew } = await queueScan(db, workspaceId, connectorId, trigger);
  if (!isNew) return scan;
  const job = await services.jobs.enqueue(
    db,
    DISCOVER_JOB,
    { scanId: scan.id },
    { workspaceId, maxAttempts: 1, singletonKey: `${DISCOVER_JOB}:${scan.id}` },
  );
  const [withJob] = await db
    .update(scans)
    .set({ jobId: job.id })
    .where(eq(scans.id, scan.id))
    .returning();
  return withJob!;
}

export function registerInventoryJobs(db: Db, services: Services, deps = discoveryDeps(services)) {
  services.jobs.define({
    name: DISCOVER_JOB,
    payload: z.object({ scanId: z.uuid() }),
    // A scan that fails part way is recorded as partial or failed, not retried blindly.
    maxAttempts: 1,
    timeoutMs: 60 * 60_000,
    handler: async ({ scanId }, ctx) => {
      const scan = await runScan(db, { ...deps, log: ctx.log }, scanId, ctx.signal);
      // New and changed resources become findable by meaning (semantic search's index).
      await enqueueIndex(db, services, scan.workspaceId);
      return { status: scan.status, resources: scan.resourcesSeen, deleted: scan.deleted };
    },
  });
  services.jobs.define({
    name: SCHEDULED_DISCOVERY_JOB,
    payload: z.object({}),
    handler: async () => {
      const rows = await db
        .select({ id: connectors.id, workspaceId: connectors.workspaceId })
        .from(connectors)
        .where(eq(connectors.isScheduled, true));
      for (const row of rows) await startScan(db, services, row.workspaceId, row.id, "schedule");
      return { connectors: rows.length };
    },
  });
  registerPullJobs(db, services);
}

/** Daily discovery of every scheduled connector at 04:00 UTC. */
export async function scheduleInventoryJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: SCHEDULED_DISCOVERY_JOB,
    cron: "0 4 * * *",
    jobName: SCHEDULED_DISCOVERY_JOB,
  });
  await schedulePullJobs(db, services);
}
