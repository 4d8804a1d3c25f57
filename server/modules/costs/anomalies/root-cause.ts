import type { Db } from "../../../platform/db/database.ts";
import { type Contributor, explainAnomaly } from "../analysis/anomaly.ts";
import type { DailyPoint } from "../analysis/daily-series.ts";
import { type Dimension, loadSeries, resourceNames, type SeriesScope } from "./anomaly-series.ts";
import { toDecimal } from "./decimal.ts";

/** One child's part in an anomaly, as stored in cost_anomalies.root_cause. */
export interface Cause {
  dimension: Dimension;
  key: string;
  /** ResourceName, for a resource that has one. */
  name?: string;
  actual: string;
  expected: string;
  deviation: string;
  /** Share of the children's total deviation. */
  share: number;
}

/**
 * Where to look one level finer, most specific first: a service splits into its resources,
 * sub-accounts and regions; an account into services and sub-accounts; a tag value into the
 * services and resources that carry it.
 */
const FINER: Record<string, Dimension[]> = {
  ServiceName: ["ResourceId", "SubAccountId", "RegionId"],
  BillingAccountId: ["ServiceName", "SubAccountId", "ResourceId"],
  SubAccountId: ["ServiceName", "ResourceId", "RegionId"],
  tag: ["ServiceName", "ResourceId", "SubAccountId"],
};
/** A more specific dimension is kept unless a later one explains this much more. */
const PREFER_SPECIFIC_MARGIN = 0.05;
const MAX_CAUSES = 5;

/** How much of the children's movement the largest mover accounts for, 0–1. */
function explanatoryPower(contributors: Contributor[]): number {
  const moved = contributors.reduce((sum, c) => sum + Math.abs(c.deviation), 0);
  return moved === 0 ? 0 : Math.abs(contributors[0]!.deviation) / moved;
}

export type ChildSeries = (
  dimension: Dimension,
  parent: { dimension: Dimension; key: string },
) => Promise<Map<string, DailyPoint[]>>;

/** Child series loaded once per parent and child dimension, for all anomalies of a run. */
export function cachedChildSeries(db: Db, scope: SeriesScope): ChildSeries {
  const cache = new Map<string, Promise<Map<string, DailyPoint[]>>>();
  return (dimension, parent) => {
    const id = JSON.stringify([dimension, parent.dimension, parent.key]);
    let series = cache.get(id);
    if (!series) {
      series = loadSeries(db, scope, dimension, parent);
      cache.set(id, series);
    }
    return series;
  };
}

/**
 * The root cause of one anomalous day: explainAnomaly over each finer dimension, keeping the
 * one whose largest contributor explains most of the move. A dimension whose only child is the
 * parent itself (a sub-account named like its account) tells nothing and is skipped.
 */
export async function findRootCause(
  db: Db,
  workspaceId: string,
  childSeries: ChildSeries,
  parent: { dimension: Dimension; key: string },
  day: string,
): Promise<Cause[]> {
  const candidates = FINER[parent.dimension.startsWith("tag:") ? "tag" : parent.dimension] ?? [];
  let best: { dimension: Dimension; contributors: Contributor[]; power: number } | undefined;
  for (const dimension of candidates) {
    const children = await childSeries(dimension, parent);
    if (children.size === 0) continue;
    const contributors = explainAnomaly(
      [...children].map(([key, series]) => ({ key, series })),
      day,
    ).filter((c) => c.deviation !== 0);
    if (contributors.length === 0) continue;
    if (contributors[0]!.key === parent.key) continue;
    const power = explanatoryPower(contributors);
    if (!best || power > best.power + PREFER_SPECIFIC_MARGIN)
      best = { dimension, contributors, power };
  }
  if (!best) return [];
  const top = best.contributors.slice(0, MAX_CAUSES);
  const names =
    best.dimension === "ResourceId"
      ? await resourceNames(
          db,
          workspaceId,
          top.map((c) => c.key),
        )
      : new Map<string, string>();
  const dimension = best.dimension;
  return top.map((c) => ({
    dimension,
    key: c.key,
    ...(names.has(c.key) ? { name: names.get(c.key) } : {}),
    actual: toDecimal(c.actual),
    expected: toDecimal(c.expected),
    deviation: toDecimal(c.deviation),
    share: Math.round(c.share * 10_000) / 10_000,
  }));
}
