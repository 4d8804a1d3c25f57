import { and, eq, gte, isNull, lt, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/database.ts";
import { type Anomaly, detectAnomalies } from "../analysis/anomaly.ts";
import { addDays } from "../analysis/daily-series.ts";
import { costAnomalies } from "./anomalies.schema.ts";
import {
  currenciesOf,
  type Dimension,
  lastCostDay,
  loadSeries,
  type SeriesScope,
  topTagKeys,
} from "./anomaly-series.ts";
import { toDecimal } from "./decimal.ts";
import { type Cause, cachedChildSeries, findRootCause } from "./root-cause.ts";

/** Days of history read for each series: eight weeks of baseline before the judged month. */
export const HISTORY_DAYS = 90;
/** Days whose anomalies a run keeps (and may replace); older ones are left as they are. */
export const JUDGED_DAYS = 30;
/** Tag keys cut by, besides services and accounts: those carrying most cost. */
const TAG_KEYS = 3;
const BASE_DIMENSIONS: Dimension[] = ["ServiceName", "BillingAccountId", "SubAccountId"];

export interface Finding {
  day: string;
  dimension: Dimension;
  key: string;
  currency: string;
  actual: string;
  expected: string;
  lower: string;
  upper: string;
  score: number;
  severity: Anomaly["severity"];
  rootCause: Cause[];
}

export interface DetectionResult {
  /** The days judged, [from, to). */
  from: string;
  to: string;
  found: Finding[];
  /** Anomalies not stored before this run, with their ids. */
  added: (Finding & { id: string })[];
}

// A series whose days all stay under half the detector's money floor ($1 a day) can never move
// by a whole unit: skipping it saves most of the work on long tails of tiny services.
const canMatter = (values: number[]) => values.some((v) => Math.abs(v) >= 0.5);

/** Runs the detector over every dimension of one currency; no writes. */
async function findInCurrency(
  db: Db,
  scope: SeriesScope,
  judgedFrom: string,
  skip: Set<string>,
): Promise<Finding[]> {
  const tags = await topTagKeys(db, scope, TAG_KEYS);
  const dimensions: Dimension[] = [...BASE_DIMENSIONS, ...tags.map((t): Dimension => `tag:${t}`)];
  const childSeries = cachedChildSeries(db, scope);
  const found: Finding[] = [];
  // A sub-account that is its own billing account (AWS's payer, a lone subscription) repeats
  // the account's series: judged once, under the account.
  const accounts = new Map<string, string>();
  for (const dimension of dimensions) {
    for (const [key, points] of await loadSeries(db, scope, dimension)) {
      if (!canMatter(points.map((p) => p.value))) continue;
      if (dimension === "BillingAccountId") accounts.set(key, JSON.stringify(points));
      if (dimension === "SubAccountId" && accounts.get(key) === JSON.stringify(points)) continue;
      for (const anomaly of detectAnomalies(points)) {
        const id = `${anomaly.date}|${dimension}|${key}`;
        // The table keeps one row per day, dimension and key: the first currency (most cost) wins.
        if (anomaly.date < judgedFrom || skip.has(id)) continue;
        skip.add(id);
        const parent = { dimension, key };
        found.push({
          day: anomaly.date,
          dimension,
          key,
          currency: scope.currency,
          actual: toDecimal(anomaly.actual),
          expected: toDecimal(anomaly.expected),
          lower: toDecimal(anomaly.lower),
          upper: toDecimal(anomaly.upper),
          score: Math.round(anomaly.score * 100) / 100,
          severity: anomaly.severity,
          rootCause: await findRootCause(db, scope.workspaceId, childSeries, parent, anomaly.date),
        });
      }
    }
  }
  return found;
}

/**
 * Finds the workspace's cost anomalies of the last 30 judged days (up to yesterday, or its last
 * day with cost if earlier) and what drove each. Reads only: save them with saveFindings.
 */
export async function findAnomalies(
  db: Db,
  workspaceId: string,
  today: Date = new Date(),
): Promise<Omit<DetectionResult, "added">> {
  const yesterday = addDays(today.toISOString().slice(0, 10), -1);
  const last = await lastCostDay(db, workspaceId);
  // Today is never judged: its costs are still arriving, and a half day looks like a drop.
  const lastJudged = last && last < yesterday ? last : yesterday;
  const to = addDays(lastJudged, 1);
  const from = addDays(to, -HISTORY_DAYS);
  const judgedFrom = addDays(to, -JUDGED_DAYS);
  if (!last) return { from: judgedFrom, to, found: [] };
  const found: Finding[] = [];
  const seen = new Set<string>();
  for (const currency of await currenciesOf(db, { workspaceId, from, to })) {
    found.push(
      ...(await findInCurrency(db, { workspaceId, currency, from, to }, judgedFrom, seen)),
    );
  }
  return { from: judgedFrom, to, found };
}

/**
 * Stores a run's findings: new ones are added, known ones get the latest numbers but keep their
 * status, and open ones of the judged days that the ledger no longer shows (a restated bill)
 * are removed. Acknowledged ones and those that became a task stay, marked restated, with the
 * numbers they were found with; found again, they lose the mark.
 */
export async function saveFindings(
  db: Db,
  workspaceId: string,
  run: Omit<DetectionResult, "added">,
  now: Date = new Date(),
): Promise<DetectionResult> {
  const added: DetectionResult["added"] = [];
  const keptIds: string[] = [];
  for (const finding of run.found) {
    const [row] = await db
      .insert(costAnomalies)
      .values({ workspaceId, ...finding })
      .onConflictDoUpdate({
        target: [
          costAnomalies.workspaceId,
          costAnomalies.day,
          costAnomalies.dimension,
          costAnomalies.key,
        ],
        set: {
          currency: sql`excluded.currency`,
          actual: sql`excluded.actual`,
          expected: sql`excluded.expected`,
          lower: sql`excluded.lower`,
          upper: sql`excluded.upper`,
          score: sql`excluded.score`,
          severity: sql`excluded.severity`,
          rootCause: sql`excluded.root_cause`,
          restatedAt: null,
        },
      })
      // xmax is 0 only on a row this statement inserted (PostgreSQL's upsert idiom).
      .returning({ id: costAnomalies.id, isNew: sql<boolean>`(xmax = 0)` });
    keptIds.push(row!.id);
    if (row!.isNew) added.push({ ...finding, id: row!.id });
  }
  const gone = and(
    eq(costAnomalies.workspaceId, workspaceId),
    gte(costAnomalies.day, run.from),
    lt(costAnomalies.day, run.to),
    keptIds.length > 0 ? notInArray(costAnomalies.id, keptIds) : undefined,
  );
  const keptForPeople = sql`(${costAnomalies.status} <> 'open' OR ${costAnomalies.taskId} IS NOT NULL)`;
  await db.delete(costAnomalies).where(and(gone, sql`NOT ${keptForPeople}`));
  await db
    .update(costAnomalies)
    .set({ restatedAt: now })
    .where(and(gone, keptForPeople, isNull(costAnomalies.restatedAt)));
  return { ...run, added };
}
