// Failure-risk factors from telemetry and inventory: saturation metrics whose trend crosses
// within the horizon (the metrics.forecast model), error-log surges against their own week, and
// recent changes to a resource.
import { and, eq, gte, isNotNull, ne, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { resourceChanges } from "../../inventory/inventory.schema.ts";
import { ensureLogStorage } from "../logs/log-store.ts";
import { forecastMetric, type SeriesForecast } from "../metrics/forecast.ts";
import { metricSeries } from "../metrics/metrics.schema.ts";
import { overHorizon, type RiskBoard, readableUtc } from "./risk-model.ts";

/** Saturation metrics with a known limit: free space or memory running out is a failure. */
const SATURATION = [
  {
    metric: "node_filesystem_avail_bytes",
    groupBy: ["instance", "mountpoint"],
    what: "free disk space",
  },
  { metric: "node_memory_MemAvailable_bytes", groupBy: ["instance"], what: "available memory" },
] as const;
/** Days of hourly points the capacity trend is fitted to. */
const CAPACITY_LOOKBACK_DAYS = 7;
/** Resources forecast one by one; more would make one read do too much work. */
const MAX_FORECAST_RESOURCES = 20;
/**
 * Capacity: a trend reaching the limit today is 90% (the fit may still be wrong); one reaching it
 * at the horizon's end 30%, linear in between; times the trend's confidence (0.5 noise … 1 clear).
 */
const CAPACITY_AT_HORIZON = 0.3;
const CAPACITY_NOW = 0.9;

/** Error lines of the last hour are compared with the hourly average of the week before. */
const ERROR_RECENT_MS = 3_600_000;
const ERROR_BASELINE_HOURS = 7 * 24;
/** Fewer error lines than this in the hour is not a surge, whatever the ratio. */
const MIN_RECENT_ERRORS = 10;
/** At least this many times the usual hourly count. */
const ERROR_SURGE_RATIO = 3;
/** Each doubling over the usual count adds 10% (7-day prior), up to 60%. */
const ERROR_PER_DOUBLING = 0.1;
const ERROR_MAX = 0.6;

/** Changes within this window count. */
const CHANGES_WINDOW_MS = 7 * 86_400_000;
/**
 * Each change carries about a 5% chance of breaking the resource within a week (DORA's change
 * failure rates run 5–15%, not all of them on the changed resource), up to 30%.
 */
const PER_CHANGE = 0.05;
const CHANGES_MAX = 0.3;

function capacityWeight(f: SeriesForecast, horizonDays: number): number {
  const soon = 1 - Math.min(f.daysLeft ?? horizonDays, horizonDays) / horizonDays;
  return (CAPACITY_AT_HORIZON + (CAPACITY_NOW - CAPACITY_AT_HORIZON) * soon) * f.confidence;
}

/** Adds saturation metrics forecast to run out within the horizon, per service and resource. */
export async function addCapacitySignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  now: Date,
  horizonDays: number,
) {
  for (const s of SATURATION) {
    const query = {
      metric: s.metric,
      aggregation: "avg" as const,
      threshold: 0,
      direction: "below" as const,
      lookbackDays: CAPACITY_LOOKBACK_DAYS,
      horizonDays,
      now,
    };
    const add = (kind: "service" | "resource", id: string, f: SeriesForecast) => {
      if (f.daysLeft === null) return;
      const where = s.groupBy
        .map((l) => f.labels[l])
        .filter(Boolean)
        .join(" ");
      board.add(kind, id, id, {
        signal: "capacity",
        weight: capacityWeight(f, horizonDays),
        summary: `${s.what}${where ? ` on ${where}` : ""} runs out in ${f.daysLeft.toFixed(1)} days: ${f.explanation}`,
        evidence: {
          metric: s.metric,
          ...Object.fromEntries(Object.entries(f.labels).filter(([, v]) => v !== null)),
          daysLeft: Math.round(f.daysLeft * 10) / 10,
          slopePerDay: f.slopePerDay,
          confidence: Math.round(f.confidence * 100) / 100,
        },
        at: f.crossesAt,
        link: { kind: "metric", id: s.metric },
      });
    };
    const byService = await forecastMetric(db, workspaceId, {
      ...query,
      groupBy: ["service", ...s.groupBy],
    });
    for (const f of byService.series) if (f.labels.service) add("service", f.labels.service, f);
    const resources = await db
      .selectDistinct({ id: metricSeries.resourceId })
      .from(metricSeries)
      .where(
        and(
          eq(metricSeries.workspaceId, workspaceId),
          eq(metricSeries.name, s.metric),
          isNotNull(metricSeries.resourceId),
        ),
      )
      .limit(MAX_FORECAST_RESOURCES);
    for (const { id } of resources) {
      const forResource = await forecastMetric(db, workspaceId, {
        ...query,
        groupBy: [...s.groupBy],
        resourceId: id!,
      });
      for (const f of forResource.series) add("resource", id!, f);
    }
  }
}

/** Adds services and resources whose error and fatal log lines surge against their week. */
export async function addErrorLogSignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  now: Date,
  horizonDays: number,
) {
  await ensureLogStorage(db);
  const recentFrom = new Date(now.getTime() - ERROR_RECENT_MS).toISOString();
  const from = new Date(
    now.getTime() - ERROR_RECENT_MS - ERROR_BASELINE_HOURS * 3_600_000,
  ).toISOString();
  const result = (await db.execute(sql`
    SELECT service, resource_id,
      count(*) FILTER (WHERE time >= ${recentFrom}::timestamptz) AS recent,
      count(*) FILTER (WHERE time < ${recentFrom}::timestamptz) AS before
    FROM log_lines
    WHERE workspace_id = ${workspaceId} AND level IN ('error', 'fatal')
      AND time >= ${from}::timestamptz AND time <= ${now.toISOString()}::timestamptz
    GROUP BY GROUPING SETS ((service), (resource_id))`)) as unknown as {
    rows: {
      service: string | null;
      resource_id: string | null;
      recent: string | number;
      before: string | number;
    }[];
  };
  for (const r of result.rows) {
    const recent = Number(r.recent);
    const usual = Number(r.before) / ERROR_BASELINE_HOURS;
    // A service with no errors all week compares with one line an hour, not with zero.
    const ratio = recent / Math.max(usual, 1);
    if (recent < MIN_RECENT_ERRORS || ratio < ERROR_SURGE_RATIO) continue;
    const subject =
      r.service !== null
        ? { kind: "service" as const, id: r.service }
        : r.resource_id !== null
          ? { kind: "resource" as const, id: r.resource_id }
          : null;
    if (!subject) continue;
    board.add(subject.kind, subject.id, subject.id, {
      signal: "error_logs_rising",
      weight: overHorizon(Math.min(ERROR_MAX, ERROR_PER_DOUBLING * Math.log2(ratio)), horizonDays),
      summary: `${recent} error lines in the last hour, ${ratio.toFixed(1)}× the usual ${usual.toFixed(1)} an hour over the week before`,
      evidence: {
        lastHour: recent,
        usualPerHour: Math.round(usual * 100) / 100,
        ratio: Math.round(ratio * 10) / 10,
      },
      at: now,
      link: { kind: "logs", id: subject.id },
    });
  }
}

/** Adds resources created or modified within the last week. */
export async function addChangeSignals(
  board: RiskBoard,
  db: Db,
  workspaceId: string,
  now: Date,
  horizonDays: number,
) {
  const rows = await db
    .select({
      resourceId: resourceChanges.resourceId,
      count: sql<number>`count(*)::int`,
      lastAt: sql<string>`max(${resourceChanges.at})`,
    })
    .from(resourceChanges)
    .where(
      and(
        eq(resourceChanges.workspaceId, workspaceId),
        gte(resourceChanges.at, new Date(now.getTime() - CHANGES_WINDOW_MS)),
        ne(resourceChanges.kind, "deleted"),
      ),
    )
    .groupBy(resourceChanges.resourceId);
  for (const r of rows) {
    const count = Number(r.count);
    const lastAt = new Date(r.lastAt);
    board.add("resource", r.resourceId, r.resourceId, {
      signal: "recent_changes",
      weight: overHorizon(Math.min(CHANGES_MAX, 1 - (1 - PER_CHANGE) ** count), horizonDays),
      summary: `${count} change${count === 1 ? "" : "s"} in the last 7 days, the last ${readableUtc(lastAt)}`,
      evidence: { changes: count, lastChangeAt: lastAt.toISOString() },
      at: lastAt,
      link: { kind: "resource", id: r.resourceId },
    });
  }
}
