import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { ensureMetricStorage } from "../../observability/metrics/metric-store.ts";
import { metricRollupHourly, metricSeries } from "../../observability/metrics/metrics.schema.ts";
import { resourceChanges, resources } from "../inventory.schema.ts";

/**
 * Metrics that give a VM's CPU use in percent, by source: CloudWatch, Azure Monitor, Cloud
 * Monitoring and DigitalOcean Monitoring (as the connectors' pulls store them), and
 * `cpu_utilization_percent` for anything else that sends it with the resource's ingest key.
 */
export const CPU_PERCENT_METRICS = [
  "aws_ec2_cpu_utilization_percent",
  "azure_vm_cpu_utilization_percent",
  "gcp_vm_cpu_utilization_percent",
  "digitalocean_droplet_cpu_utilization_percent",
  "cpu_utilization_percent",
] as const;
/** Running states, per provider's own word. */
const RUNNING = ["running", "active", "VM running"];

export interface IdleInstance {
  id: string;
  name: string;
  provider: string;
  region: string;
  state: string | null;
  avgCpuPercent: number;
  peakHourCpuPercent: number;
  hoursMeasured: number;
}

/**
 * Running VMs whose CPU stayed low: the hourly average never above `peakPercent` and the
 * period's average at most `maxCpuPercent`, measured over at least half the period's hours (a
 * VM with a day of data in a fortnight is not judged). Uses the hourly roll-ups.
 */
export async function idleInstances(
  db: Db,
  workspaceId: string,
  q: { days: number; maxCpuPercent: number; peakPercent: number; now?: Date },
): Promise<IdleInstance[]> {
  await ensureMetricStorage(db); // the hourly view is created with the samples table
  const since = new Date((q.now ?? new Date()).getTime() - q.days * 86_400_000);
  const perHour = db
    .select({
      resourceId: metricSeries.resourceId,
      bucket: metricRollupHourly.bucket,
      avg: sql<number>`sum(${metricRollupHourly.sum}) / nullif(sum(${metricRollupHourly.count}), 0)`.as(
        "avg",
      ),
    })
    .from(metricRollupHourly)
    .innerJoin(metricSeries, eq(metricSeries.id, metricRollupHourly.seriesId))
    .where(
      and(
        eq(metricRollupHourly.workspaceId, workspaceId),
        eq(metricSeries.workspaceId, workspaceId),
        inArray(metricSeries.name, [...CPU_PERCENT_METRICS]),
        gte(metricRollupHourly.bucket, since),
      ),
    )
    .groupBy(metricSeries.resourceId, metricRollupHourly.bucket)
    .as("per_hour");
  const rows = await db
    .select({
      id: resources.id,
      name: resources.name,
      provider: resources.provider,
      region: resources.region,
      state: resources.state,
      avg: sql<number>`avg(${perHour.avg})`.mapWith(Number),
      peak: sql<number>`max(${perHour.avg})`.mapWith(Number),
      hours: sql<number>`count(*)`.mapWith(Number),
    })
    .from(perHour)
    .innerJoin(resources, eq(resources.id, perHour.resourceId))
    .where(
      and(
        eq(resources.workspaceId, workspaceId),
        eq(resources.type, "compute.vm"),
        isNull(resources.deletedAt),
        inArray(resources.state, RUNNING),
      ),
    )
    .groupBy(resources.id);
  const minHours = (q.days * 24) / 2;
  return rows
    .filter((r) => r.hours >= minHours && r.avg <= q.maxCpuPercent && r.peak <= q.peakPercent)
    .map((r) => ({
      id: r.id,
      name: r.name,
      provider: r.provider,
      region: r.region,
      state: r.state,
      avgCpuPercent: Math.round(r.avg * 100) / 100,
      peakHourCpuPercent: Math.round(r.peak * 100) / 100,
      hoursMeasured: r.hours,
    }))
    .sort((a, b) => a.avgCpuPercent - b.avgCpuPercent);
}

const attachmentsOf = (attributes: Record<string, unknown>) => {
  const ids = attributes.attachedInstanceIds ?? attributes.dropletIds;
  return Array.isArray(ids) ? ids : null;
};

export interface UnattachedVolume {
  id: string;
  name: string;
  provider: string;
  region: string;
  sizeGiB: number | null;
  unattachedSince: Date;
  days: number;
}

/**
 * Volumes attached to nothing for at least `minDays`: since the last discovered change of their
 * attachments, or since Glass Pane first saw them when they never changed.
 */
export async function unattachedVolumes(
  db: Db,
  workspaceId: string,
  q: { minDays: number; now?: Date },
): Promise<UnattachedVolume[]> {
  const now = q.now ?? new Date();
  const volumes = await db
    .select()
    .from(resources)
    .where(
      and(
        eq(resources.workspaceId, workspaceId),
        eq(resources.type, "storage.volume"),
        isNull(resources.deletedAt),
      ),
    );
  // A volume Glass Pane just deleted stays listed until the next scan: not a candidate again.
  const free = volumes.filter(
    (v) =>
      attachmentsOf(v.attributes)?.length === 0 && !["deleting", "deleted"].includes(v.state ?? ""),
  );
  if (free.length === 0) return [];
  const changed = await db
    .select({
      resourceId: resourceChanges.resourceId,
      at: sql<Date>`max(${resourceChanges.at})`.mapWith((v) => new Date(v)),
    })
    .from(resourceChanges)
    .where(
      and(
        eq(resourceChanges.workspaceId, workspaceId),
        inArray(
          resourceChanges.resourceId,
          free.map((v) => v.id),
        ),
        sql`(jsonb_exists(${resourceChanges.diff}->'attributes', 'attachedInstanceIds') or jsonb_exists(${resourceChanges.diff}->'attributes', 'dropletIds'))`,
      ),
    )
    .groupBy(resourceChanges.resourceId);
  const lastChange = new Map(changed.map((c) => [c.resourceId, c.at]));
  return free
    .map((v) => {
      const since = lastChange.get(v.id) ?? v.firstSeenAt;
      const size = v.attributes.sizeGiB ?? v.attributes.size;
      return {
        id: v.id,
        name: v.name,
        provider: v.provider,
        region: v.region,
        sizeGiB: typeof size === "number" ? size : null,
        unattachedSince: since,
        days: Math.floor((now.getTime() - since.getTime()) / 86_400_000),
      };
    })
    .filter((v) => v.days >= q.minDays)
    .sort((a, b) => b.days - a.days);
}
