import { type SQL, sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import type { DailyPoint } from "../analysis/daily-series.ts";

/**
 * Daily cost series per value of one dimension, read from the roll-ups for the anomaly job and
 * its pages. Column names reaching SQL come only from COLUMNS; tag keys travel as parameters.
 */

/** A FOCUS column the detector cuts by, or "tag:<key>". */
export type Dimension =
  | "ServiceName"
  | "BillingAccountId"
  | "SubAccountId"
  | "RegionId"
  | "ResourceId"
  | `tag:${string}`;

const COLUMNS: Record<Exclude<Dimension, `tag:${string}`>, string> = {
  ServiceName: "service_name",
  BillingAccountId: "billing_account_id",
  SubAccountId: "sub_account_id",
  RegionId: "region_id",
  ResourceId: "resource_id",
};

export interface SeriesScope {
  workspaceId: string;
  /** "" stands for costs without a billing currency. */
  currency: string;
  from: string;
  /** Exclusive. */
  to: string;
}

const isTag = (dimension: string): dimension is `tag:${string}` => dimension.startsWith("tag:");

export function isDimension(value: string): value is Dimension {
  return isTag(value) ? value.length > 4 : value in COLUMNS;
}

function keyOf(dimension: Dimension): SQL {
  return isTag(dimension) ? sql`tags ->> ${dimension.slice(4)}` : sql.raw(COLUMNS[dimension]);
}

// Tags and resources are only in the per-resource roll-up; everything else in the smaller one.
const needsResources = (dimensions: Dimension[]) =>
  dimensions.some((d) => isTag(d) || d === "ResourceId");

function whereOf(scope: SeriesScope, parent?: { dimension: Dimension; key: string }): SQL {
  const parts = [
    sql`workspace_id = ${scope.workspaceId}`,
    sql`day >= ${scope.from}::date`,
    sql`day < ${scope.to}::date`,
    scope.currency ? sql`billing_currency = ${scope.currency}` : sql`billing_currency IS NULL`,
  ];
  if (parent) parts.push(sql`${keyOf(parent.dimension)} = ${parent.key}`);
  return sql.join(parts, sql` AND `);
}

/**
 * EffectiveCost per day for every value of `dimension` (values that are not set are left
 * out), optionally within one value of a parent dimension. EffectiveCost, as it spreads
 * commitment purchases over their term: a yearly reservation bought today is no anomaly.
 */
export async function loadSeries(
  db: Db,
  scope: SeriesScope,
  dimension: Dimension,
  parent?: { dimension: Dimension; key: string },
): Promise<Map<string, DailyPoint[]>> {
  const table = needsResources([dimension, ...(parent ? [parent.dimension] : [])])
    ? sql.raw("cost_daily_resource")
    : sql.raw("cost_daily");
  const key = keyOf(dimension);
  const result = await db.execute(sql`
    SELECT ${key} AS key, to_char(day, 'YYYY-MM-DD') AS date, sum(effective_cost)::float8 AS value
    FROM ${table} WHERE ${whereOf(scope, parent)} AND ${key} IS NOT NULL
    GROUP BY 1, 2 ORDER BY 2`);
  const series = new Map<string, DailyPoint[]>();
  for (const row of rowsOf<{ key: string; date: string; value: number }>(result)) {
    const points = series.get(row.key) ?? [];
    points.push({ date: row.date, value: Number(row.value) });
    series.set(row.key, points);
  }
  return series;
}

/** The tag keys that carry most cost in the scope, most first. */
export async function topTagKeys(db: Db, scope: SeriesScope, limit: number): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT t.key AS key FROM cost_daily_resource, jsonb_each_text(tags) AS t
    WHERE ${whereOf(scope)} AND jsonb_typeof(tags) = 'object'
    GROUP BY 1 ORDER BY sum(abs(effective_cost)) DESC, 1 LIMIT ${limit}`);
  return rowsOf<{ key: string }>(result).map((r) => r.key);
}

/** Billing currencies with cost in the scope's days, most cost first. */
export async function currenciesOf(db: Db, scope: Omit<SeriesScope, "currency">) {
  const result = await db.execute(sql`
    SELECT coalesce(billing_currency, '') AS currency FROM cost_daily
    WHERE workspace_id = ${scope.workspaceId} AND day >= ${scope.from}::date AND day < ${scope.to}::date
    GROUP BY 1 ORDER BY sum(abs(effective_cost)) DESC`);
  return rowsOf<{ currency: string }>(result).map((r) => r.currency);
}

/** The last day with any cost in the workspace, or undefined for a workspace without any. */
export async function lastCostDay(db: Db, workspaceId: string): Promise<string | undefined> {
  const result = await db.execute(sql`
    SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM cost_daily WHERE workspace_id = ${workspaceId}`);
  return rowsOf<{ day: string | null }>(result)[0]?.day ?? undefined;
}

/** Workspaces that have any cost in the ledger. */
export async function workspacesWithCosts(db: Db): Promise<string[]> {
  const result = await db.execute(sql`SELECT DISTINCT workspace_id AS id FROM cost_daily`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

/** ResourceName of each of the given resource ids, where one is known. */
export async function resourceNames(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await db.execute(sql`
    SELECT resource_id AS id, max(resource_name) AS name FROM cost_daily_resource
    WHERE workspace_id = ${workspaceId}
      AND resource_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      AND resource_name IS NOT NULL
    GROUP BY 1`);
  return new Map(rowsOf<{ id: string; name: string }>(result).map((r) => [r.id, r.name]));
}
