import Decimal from "decimal.js";
import { and, eq, inArray, sql } from "drizzle-orm";
import { arrayLiteral } from "../../../platform/db/array-param.ts";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import {
  CPU_PERCENT_METRICS,
  type IdleInstance,
  idleInstances,
  unattachedVolumes,
} from "../../inventory/actions/candidates.service.ts";
import { resources } from "../../inventory/inventory.schema.ts";
import { metricSeries } from "../../observability/metrics/metrics.schema.ts";
import { money, priced } from "./amounts.ts";
import type { Advice } from "./savings.ts";

/*
 * Savings advice that needs more than the bill: VMs that sit idle or could be a size smaller
 * (from their CPU metrics) and volumes attached to nothing (from the inventory), each priced by
 * what the ledger says the resource cost. The same judgements as the inventory's stop and
 * delete candidates (inventory/actions/candidates.service.ts), so the advice and the action
 * that follows it agree.
 */

/** Days of CPU metrics a VM is judged on. */
export const CPU_DAYS = 14;
/** Idle: the period's average CPU at most this, and no hour above IDLE_PEAK. */
const IDLE_AVERAGE = 5;
const IDLE_PEAK = 20;
/** Oversized: average at most this, no hour above OVERSIZED_PEAK (and not idle). */
const OVERSIZED_AVERAGE = 20;
const OVERSIZED_PEAK = 50;
/** One size down in a family (half the vCPUs and memory) costs about half. */
export const DOWNSIZE_SAVING = 0.5;
/** Volumes attached to nothing for at least this many days. */
const UNATTACHED_DAYS = 7;
/** Block storage list price, USD per GiB-month, for a volume the ledger has no cost for. */
export const VOLUME_PRICE_PER_GIB = 0.08;

interface Scope {
  workspaceId: string;
  from: string;
  to: string;
  currency: string | null;
  /** An amount over the scope's days as a 30-day month. */
  monthly: (amount: Decimal) => Decimal;
}

/** Advice from the inventory and metrics, and what could not be judged for want of them. */
export async function inventoryAdvice(
  db: Db,
  scope: Scope,
): Promise<{ items: Advice[]; unavailable: string[] }> {
  const { workspaceId } = scope;
  const items: Advice[] = [];
  const unavailable: string[] = [];
  const measured = await vmsWithCpuMetrics(db, workspaceId);
  const volumes = await hasVolumes(db, workspaceId);
  if (measured === 0)
    unavailable.push(
      "Idle and oversized VMs: no VM has CPU metrics yet (turn on metric pulls for a cloud connector, or send cpu_utilization_percent for the resource)",
    );
  if (!volumes)
    unavailable.push(
      "Unattached volumes: the inventory has no volumes (add a cloud connector and scan it)",
    );
  if (measured === 0 && !volumes) return { items, unavailable };

  // One read of the hourly CPU: idle VMs are the quietest of the oversized ones.
  const quiet =
    measured > 0
      ? await idleInstances(db, workspaceId, {
          days: CPU_DAYS,
          maxCpuPercent: OVERSIZED_AVERAGE,
          peakPercent: OVERSIZED_PEAK,
        })
      : [];
  const isIdle = (vm: IdleInstance) =>
    vm.avgCpuPercent <= IDLE_AVERAGE && vm.peakHourCpuPercent <= IDLE_PEAK;
  const idle = quiet.filter(isIdle);
  const oversized = quiet.filter((vm) => !isIdle(vm));
  const free = volumes
    ? await unattachedVolumes(db, workspaceId, { minDays: UNATTACHED_DAYS })
    : [];
  const known = await inventoryOf(db, [
    ...idle.map((vm) => vm.id),
    ...oversized.map((vm) => vm.id),
    ...free.map((v) => v.id),
  ]);
  const costs = await ledgerCosts(db, scope, [...known.values()]);
  const costOf = (id: string) => {
    const billedAs = known.get(id)?.costResourceId;
    return billedAs ? costs.get(billedAs) : undefined;
  };
  const cpu = (vm: IdleInstance) =>
    `CPU averaged ${vm.avgCpuPercent} % over the last ${CPU_DAYS} days, no hour above ${vm.peakHourCpuPercent} %`;

  for (const vm of idle) {
    const cost = costOf(vm.id);
    if (!cost?.gt(0)) continue;
    items.push({
      kind: "idle",
      title: `Stop or remove ${vm.name}: it is idle`,
      detail: `${cpu(vm)}; it cost ${priced(cost, scope.currency)} in the period.`,
      resourceId: known.get(vm.id)?.costResourceId ?? null,
      inventoryId: vm.id,
      commitmentId: null,
      monthlySaving: money(scope.monthly(cost)),
      confidence: "medium",
      assumption:
        "Stopped, it no longer costs what it is billed for; its disks, billed apart, stay",
    });
  }
  for (const vm of oversized) {
    const cost = costOf(vm.id);
    if (!cost?.gt(0)) continue;
    const size = known.get(vm.id)?.size;
    items.push({
      kind: "rightsizing",
      title: `Downsize ${vm.name}${size ? ` (${size})` : ""} by one size`,
      detail: `${cpu(vm)}: half its vCPUs would still leave headroom. It cost ${priced(cost, scope.currency)} in the period.`,
      resourceId: known.get(vm.id)?.costResourceId ?? null,
      inventoryId: vm.id,
      commitmentId: null,
      monthlySaving: money(scope.monthly(cost).times(DOWNSIZE_SAVING)),
      confidence: "low",
      assumption: `One size smaller in the same family costs about ${DOWNSIZE_SAVING * 100} % less; memory use was not measured`,
    });
  }
  for (const volume of free) {
    const cost = costOf(volume.id);
    const billedAs = known.get(volume.id)?.costResourceId ?? null;
    const common = {
      kind: "unattached" as const,
      title: `Delete ${volume.name}: attached to nothing for ${volume.days} days`,
      resourceId: billedAs,
      inventoryId: volume.id,
      commitmentId: null,
    };
    const what = `${volume.sizeGiB === null ? "A" : `A ${volume.sizeGiB} GiB`} ${volume.provider} volume in ${volume.region}; snapshot it first if its data may be needed.`;
    if (cost?.gt(0)) {
      items.push({
        ...common,
        detail: `${what} It cost ${priced(cost, scope.currency)} in the period.`,
        monthlySaving: money(scope.monthly(cost)),
        confidence: "high",
        assumption: null,
      });
    } else if (volume.sizeGiB && scope.currency === "USD") {
      items.push({
        ...common,
        detail: `${what} The ledger has no cost for it: the saving is estimated from its size.`,
        monthlySaving: money(new Decimal(volume.sizeGiB).times(VOLUME_PRICE_PER_GIB)),
        confidence: "low",
        assumption: `Block storage at about ${VOLUME_PRICE_PER_GIB} USD per GiB-month`,
      });
    }
  }
  return { items, unavailable };
}

/** VMs of the inventory with a CPU metric series of their own. */
async function vmsWithCpuMetrics(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(DISTINCT ${metricSeries.resourceId})`.mapWith(Number) })
    .from(metricSeries)
    .innerJoin(resources, eq(resources.id, metricSeries.resourceId))
    .where(
      and(
        eq(metricSeries.workspaceId, workspaceId),
        inArray(metricSeries.name, [...CPU_PERCENT_METRICS]),
        eq(resources.type, "compute.vm"),
      ),
    );
  return row?.n ?? 0;
}

async function hasVolumes(db: Db, workspaceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: resources.id })
    .from(resources)
    .where(and(eq(resources.workspaceId, workspaceId), eq(resources.type, "storage.volume")))
    .limit(1);
  return row !== undefined;
}

interface Known {
  costResourceId: string | null;
  /** The VM's size as its provider names it (t3.large, Standard_D4s_v3, s-2vcpu-4gb). */
  size: string | null;
}

async function inventoryOf(db: Db, ids: string[]): Promise<Map<string, Known>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: resources.id,
      costResourceId: resources.costResourceId,
      attributes: resources.attributes,
    })
    .from(resources)
    .where(inArray(resources.id, ids));
  return new Map(
    rows.map((r) => {
      const size =
        r.attributes.instanceType ??
        r.attributes.vmSize ??
        r.attributes.machineType ??
        r.attributes.sizeSlug;
      return [
        r.id,
        { costResourceId: r.costResourceId, size: typeof size === "string" ? size : null },
      ];
    }),
  );
}

/** EffectiveCost per ledger ResourceId over the scope, in its currency. */
async function ledgerCosts(db: Db, scope: Scope, known: Known[]): Promise<Map<string, Decimal>> {
  const ids = [...new Set(known.map((k) => k.costResourceId).filter((id) => id !== null))];
  if (ids.length === 0) return new Map();
  const result = await db.execute(sql`
    SELECT resource_id AS id, sum(effective_cost)::text AS cost FROM cost_daily_resource
    WHERE workspace_id = ${scope.workspaceId} AND day >= ${scope.from}::date AND day < ${scope.to}::date
      AND billing_currency IS NOT DISTINCT FROM ${scope.currency}
      AND resource_id = ANY(${arrayLiteral(ids)}::text[])
    GROUP BY 1`);
  return new Map(
    rowsOf<{ id: string; cost: string }>(result).map((r) => [r.id, new Decimal(r.cost)]),
  );
}
