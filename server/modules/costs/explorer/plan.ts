import { type SQL, sql } from "drizzle-orm";
import { invalid } from "../../../platform/errors.ts";
import {
  columnSql,
  filterColumns,
  METRIC_COLUMN,
  type Metric,
  oneOf,
  type Scope,
  sourceFor,
  TAG_KEY,
  tableOf,
  whereOf,
} from "./query.ts";

/**
 * Which table answers an explorer query, and the SQL of its grouped cells. The roll-ups are
 * exact re-aggregations of the ledger, so every route gives the same sums:
 * - no tag, only cost_daily columns: cost_daily;
 * - one tag key in all (a tag filter and/or tag grouping on the same key) and otherwise only
 *   account, provider, service or currency: cost_daily_tag. Costs without the key are not in it:
 *   their "not set" part (grouped by the tag, or filtered on null) is cost_daily minus the
 *   tagged sums, per bucket and group;
 * - resources over whole calendar months, no tags, summed or by month: cost_monthly_resource;
 * - else cost_daily_resource, else the ledger.
 */

export interface CellsQuery extends Scope {
  groupBy?: string;
  metric: Metric;
  /** Time buckets of the cells; none: one bucket (NULL). */
  granularity?: "day" | "month";
  /**
   * With an allocation filter: each per-resource roll-up row's share for the target (SQL, 0..1,
   * allocation-cells.ts `allocationWeight`); the query then reads that roll-up, weighted.
   */
  weight?: SQL;
}

/** The route a query takes (exported for tests and the bench). */
export type Route = "daily" | "tag" | "monthly-resource" | "resource" | "ledger";

export interface Plan {
  route: Route;
  /** `SELECT b, k, t` rows: bucket (date or NULL), group key, summed metric (not NULL). */
  cells(currency: SQL): SQL;
}

/** The dimensions cost_daily_tag keeps besides the tag. */
const TAG_DIMENSIONS = new Set([
  "BillingAccountId",
  "ProviderName",
  "ServiceName",
  "BillingCurrency",
]);

const isMonthStart = (day: string) => day.endsWith("-01");

export function planOf(query: CellsQuery): Plan {
  const tag = query.groupBy ? TAG_KEY.exec(query.groupBy)?.[1] : undefined;
  const columns = [
    ...filterColumns(query.filters),
    ...(query.groupBy && !tag ? [query.groupBy] : []),
  ];
  if (query.weight) {
    // Allocation rules match the per-resource roll-up's columns: shares exist only there.
    if (sourceFor(columns, true) === "ledger")
      throw invalid(
        "filters",
        `a client's or project's share combines only with accounts, services, regions, resources and tags, not ${columns.join(", ")}`,
      );
    return simplePlan("resource", query, tag);
  }
  const tagFilterKeys = Object.keys(query.filters?.tags ?? {});
  const tagKeys = new Set([...(tag === undefined ? [] : [tag]), ...tagFilterKeys]);
  const base = sourceFor(columns, tagKeys.size > 0);
  if (tagKeys.size === 0 && base === "daily") return simplePlan("daily", query, tag);
  const [onlyKey] = tagKeys;
  if (tagKeys.size === 1 && onlyKey !== undefined && columns.every((c) => TAG_DIMENSIONS.has(c)))
    return tagPlan(query, onlyKey, tag !== undefined);
  if (
    tagKeys.size === 0 &&
    base === "resource" &&
    query.granularity !== "day" &&
    isMonthStart(query.from) &&
    isMonthStart(query.to)
  )
    return simplePlan("monthly-resource", query, tag);
  return simplePlan(base, query, tag);
}

function bucketOf(day: SQL, granularity: CellsQuery["granularity"]): SQL {
  if (!granularity) return sql`NULL::date`;
  return granularity === "month" ? sql`date_trunc('month', ${day})::date` : day;
}

function simplePlan(route: Route, query: CellsQuery, tag: string | undefined): Plan {
  const source =
    route === "monthly-resource" ? "resource" : (route as "daily" | "resource" | "ledger");
  const { table, day, metric } = tableOf(source);
  const from = route === "monthly-resource" ? sql.raw("cost_monthly_resource") : table;
  const key = tag
    ? sql`tags ->> ${tag}`
    : query.groupBy
      ? columnSql(source, query.groupBy)
      : sql`NULL::text`;
  const bucket = bucketOf(day, query.granularity);
  const { weight } = query;
  const value = weight ? sql`${metric(query.metric)} * ${weight}` : metric(query.metric);
  return {
    route,
    cells: (currency) => sql`
      SELECT ${bucket} AS b, ${key} AS k, sum(${value}) AS t
      FROM ${from} WHERE ${whereOf(source, query, currency)}
        ${weight ? sql`AND ${weight} <> 0` : sql``}
      GROUP BY 1, 2`,
  };
}

/**
 * On cost_daily_tag: the tag filter becomes `tag_value IN (…)`, the tag grouping `tag_value`.
 * Costs without the key are not in it: when they are asked for (grouped by the tag with no
 * filter on it, or a filter listing null), they are cost_daily less the key's tagged sums, per
 * bucket and group, added when the day roll-up holds lines the tag roll-up does not (line
 * counts tell, so a rest that sums to zero is still a group, as it is on the detailed tables).
 */
function tagPlan(query: CellsQuery, key: string, groupedByTag: boolean): Plan {
  const value = sql.raw(METRIC_COLUMN[query.metric]);
  const bucket = bucketOf(sql.raw("day"), query.granularity);
  // The untagged rest's group: none by the tag (it is the NULL group), else the dimension's.
  const restKey =
    query.groupBy && !groupedByTag ? columnSql("daily", query.groupBy) : sql`NULL::text`;
  const groupKey = groupedByTag ? sql.raw("tag_value") : restKey;
  const values = query.filters?.tags?.[key];
  const withRest = values ? values.includes(null) : groupedByTag;
  const dimensionsOnly: Scope = {
    ...query,
    filters: { ...query.filters, tags: undefined },
  };
  return {
    route: "tag",
    cells: (currency) => {
      const where = whereOf("daily", dimensionsOnly, currency);
      const tagged = sql`
        SELECT ${bucket} AS b, ${groupKey} AS k, sum(${value}) AS t
        FROM cost_daily_tag WHERE ${where} AND tag_key = ${key}
        ${values ? sql`AND ${oneOf(sql.raw("tag_value"), values)}` : sql``}
        GROUP BY 1, 2`;
      if (!withRest) return tagged;
      return sql`
        ${tagged} UNION ALL
        SELECT w.b, w.k, w.t - coalesce(s.t, 0) FROM (
          SELECT ${bucket} AS b, ${restKey} AS k, sum(${value}) AS t, sum(line_count) AS n
          FROM cost_daily WHERE ${where} GROUP BY 1, 2) w
        LEFT JOIN (
          SELECT ${bucket} AS b, ${restKey} AS k, sum(${value}) AS t, sum(line_count) AS n
          FROM cost_daily_tag WHERE ${where} AND tag_key = ${key} GROUP BY 1, 2) s
          ON s.b IS NOT DISTINCT FROM w.b AND s.k IS NOT DISTINCT FROM w.k
        WHERE w.n > coalesce(s.n, 0)`;
    },
  };
}
