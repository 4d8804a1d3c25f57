import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../platform/db/copy.ts";
import type { Db } from "../../platform/db/database.ts";
import type { Services } from "../../platform/services.ts";
import { enqueueIndex } from "../search/search.jobs.ts";
import { recordComplianceDay } from "./compliance/compliance.service.ts";
import { type DiscoveryDeps, queueScan, runScan } from "./discovery.service.ts";
import { connectors, scans } from "./inventory.schema.ts";
import { registerPullJobs, schedulePullJobs } from "./pulls.jobs.ts";
import { rebuildResourceCosts } from "./resource-costs.ts";

export const DISCOVER_JOB = "inventory.discover";
export const SCHEDULED_DISCOVERY_JOB = "inventory.scheduledDiscovery";
/** Today's compliance counts; payload { workspaceId } for one workspace, {} for all of them. */
export const COMPLIANCE_SNAPSHOT_JOB = "inventory.complianceSnapshot";
/** Rebuilds one workspace's resource costs from its ledger (resource-costs.ts). */
export const RESOURCE_COSTS_JOB = "inventory.resourceCosts";

/** Queues the rebuild; while one is queued or running for the workspace, that one stands. */
export function enqueueResourceCosts(db: Db, jobs: Services["jobs"], workspaceId: string) {
  return jobs.enqueue(
    db,
    RESOURCE_COSTS_JOB,
    { workspaceId },
    { workspaceId, singletonKey: `${RESOURCE_COSTS_JOB}:${workspaceId}` },
  );
}

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
      // What the scan changed shows in the compliance trend today, not at the day's snapshot.
      if (scan.status !== "failed") await recordComplianceDay(db, scan.workspaceId);
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
  services.jobs.define({
    name: COMPLIANCE_SNAPSHOT_JOB,
    payload: z.object({ workspaceId: z.uuid().optional() }),
    handler: async ({ workspaceId }) => {
      if (workspaceId) return recordComplianceDay(db, workspaceId);
      // Every workspace with resources, and those that had some (their trend falls to zero).
      const rows = rowsOf<{ id: string }>(
        await db.execute(sql`
          SELECT DISTINCT workspace_id AS id FROM resources
          UNION SELECT DISTINCT workspace_id FROM inventory_compliance_daily`),
      );
      for (const { id } of rows)
        await services.jobs.enqueue(
          db,
          COMPLIANCE_SNAPSHOT_JOB,
          { workspaceId: id },
          { workspaceId: id, singletonKey: `${COMPLIANCE_SNAPSHOT_JOB}:${id}` },
        );
      return { workspaces: rows.length };
    },
  });
  services.jobs.define({
    name: RESOURCE_COSTS_JOB,
    payload: z.object({ workspaceId: z.uuid() }),
    handler: async ({ workspaceId }) => {
      const window = await rebuildResourceCosts(db, workspaceId);
      services.events.publish(workspaceId, { type: "changed", operation: RESOURCE_COSTS_JOB });
      return window;
    },
  });
  registerPullJobs(db, services);
}

/** Daily discovery of every scheduled connector at 04:00 UTC, and the compliance snapshot. */
export async function scheduleInventoryJobs(db: Db, services: Services): Promise<void> {
  await services.jobs.schedule(db, {
    key: SCHEDULED_DISCOVERY_JOB,
    cron: "0 4 * * *",
    jobName: SCHEDULED_DISCOVERY_JOB,
  });
  // Late in the UTC day, so the day's point counts what the day's scans and edits left.
  await services.jobs.schedule(db, {
    key: COMPLIANCE_SNAPSHOT_JOB,
    cron: "45 23 * * *",
    jobName: COMPLIANCE_SNAPSHOT_JOB,
  });
  await schedulePullJobs(db, services);
}
