import { and, desc, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { users } from "../../../platform/auth/auth.schema.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { Anomaly } from "../analysis/anomaly.ts";
import { addDays, dateOfDay, dayNumber } from "../analysis/daily-series.ts";
import { costAnomalies } from "./anomalies.schema.ts";
import { chartDays } from "./anomaly-chart.ts";
import { type Dimension, lastCostDay, loadSeries } from "./anomaly-series.ts";

/** Reads of stored anomalies and the one change people make to them, acknowledging. */

/** Marks an anomaly as seen; one already acknowledged keeps who did it first. */
export async function acknowledgeAnomaly(
  db: Db,
  input: { workspaceId: string; id: string; userId: string | null; now?: Date },
): Promise<boolean> {
  return (await acknowledgeAnomalies(db, { ...input, ids: [input.id] })).length > 0;
}

/** Acknowledges the open ones of these anomalies of the workspace; returns their ids. */
export async function acknowledgeAnomalies(
  db: Db,
  input: { workspaceId: string; ids: string[]; userId: string | null; now?: Date },
): Promise<string[]> {
  if (input.ids.length === 0) return [];
  const rows = await db
    .update(costAnomalies)
    .set({
      status: "acknowledged",
      acknowledgedBy: input.userId,
      acknowledgedAt: input.now ?? new Date(),
    })
    .where(
      and(
        inArray(costAnomalies.id, input.ids),
        eq(costAnomalies.workspaceId, input.workspaceId),
        eq(costAnomalies.status, "open"),
      ),
    )
    .returning({ id: costAnomalies.id });
  return rows.map((row) => row.id);
}

export interface AnomalyFilter {
  workspaceId: string;
  from?: string;
  to?: string;
  status?: "open" | "acknowledged";
  severity?: Anomaly["severity"];
  limit: number;
}

const anomalyColumns = {
  id: costAnomalies.id,
  day: costAnomalies.day,
  dimension: costAnomalies.dimension,
  key: costAnomalies.key,
  currency: costAnomalies.currency,
  actual: costAnomalies.actual,
  expected: costAnomalies.expected,
  lower: costAnomalies.lower,
  upper: costAnomalies.upper,
  deviation: sql<string>`(${costAnomalies.actual} - ${costAnomalies.expected})::text`,
  score: costAnomalies.score,
  severity: costAnomalies.severity,
  rootCause: costAnomalies.rootCause,
  status: costAnomalies.status,
  acknowledgedAt: costAnomalies.acknowledgedAt,
  acknowledgedBy: users.name,
  restatedAt: costAnomalies.restatedAt,
  createdAt: costAnomalies.createdAt,
};

/** Stored anomalies, newest day first and the strongest first within a day. */
export async function listAnomalies(db: Db, filter: AnomalyFilter) {
  return db
    .select(anomalyColumns)
    .from(costAnomalies)
    .leftJoin(users, eq(users.id, costAnomalies.acknowledgedBy))
    .where(
      and(
        eq(costAnomalies.workspaceId, filter.workspaceId),
        filter.from ? gte(costAnomalies.day, filter.from) : undefined,
        filter.to ? lt(costAnomalies.day, filter.to) : undefined,
        filter.status ? eq(costAnomalies.status, filter.status) : undefined,
        filter.severity ? eq(costAnomalies.severity, filter.severity) : undefined,
      ),
    )
    .orderBy(desc(costAnomalies.day), sql`abs(${costAnomalies.score}) DESC`, costAnomalies.id)
    .limit(filter.limit);
}

export type StoredAnomaly = Awaited<ReturnType<typeof listAnomalies>>[number];

/** One anomaly of the workspace, or undefined. */
export async function getAnomaly(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<StoredAnomaly | undefined> {
  const [row] = await db
    .select(anomalyColumns)
    .from(costAnomalies)
    .leftJoin(users, eq(users.id, costAnomalies.acknowledgedBy))
    .where(and(eq(costAnomalies.id, id), eq(costAnomalies.workspaceId, workspaceId)));
  return row;
}

/** Days charted before and after an anomaly. */
const CHART_BEFORE = 30;
const CHART_AFTER = 7;
/** History the detector needs before the first charted day. */
const BASELINE_DAYS = 60;

/** The anomaly's series from 30 days before to 7 after (as far as there is cost), with its band. */
export async function anomalySeries(db: Db, workspaceId: string, anomaly: StoredAnomaly) {
  const day = dayNumber(anomaly.day);
  const last = dayNumber((await lastCostDay(db, workspaceId)) ?? anomaly.day);
  const from = dateOfDay(day - CHART_BEFORE);
  const to = dateOfDay(Math.max(day + 1, Math.min(day + CHART_AFTER + 1, last + 1)));
  const dimension = anomaly.dimension as Dimension;
  const scope = {
    workspaceId,
    currency: anomaly.currency,
    from: addDays(from, -BASELINE_DAYS),
    to,
  };
  const series = await loadSeries(db, scope, dimension, { dimension, key: anomaly.key });
  return chartDays(series.get(anomaly.key) ?? [], from, to);
}
