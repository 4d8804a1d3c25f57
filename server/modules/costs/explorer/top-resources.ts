import { sql } from "drizzle-orm";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { invalid } from "../../../platform/errors.ts";
import { allocationWeight } from "./allocation-cells.ts";
import {
  checkPeriod,
  currenciesIn,
  filterColumns,
  type Metric,
  type Scope,
  sourceFor,
  tableOf,
  whereOf,
} from "./query.ts";

export interface TopResource {
  resourceId: string;
  resourceName: string | null;
  resourceType: string | null;
  serviceName: string | null;
  providerName: string | null;
  billingAccountId: string | null;
  total: string;
}

/** The costliest resources, from the per-resource roll-up. */
export async function topResources(
  db: Db,
  scope: Scope & { metric: Metric; limit: number },
): Promise<{ currency: string | null; items: TopResource[] }> {
  checkPeriod(scope);
  const source = sourceFor([...filterColumns(scope.filters), "ResourceId"], true);
  const { table, metric } = tableOf(source);
  const target = scope.filters?.allocation;
  if (target && source !== "resource")
    throw invalid("filters", "a client's or project's share combines only with roll-up columns");
  const weight = target ? await allocationWeight(db, scope.workspaceId, target) : undefined;
  // Whole calendar months without tag filters: the monthly roll-up has every column needed.
  const monthly =
    source === "resource" &&
    !weight &&
    !scope.filters?.tags &&
    scope.from.endsWith("-01") &&
    scope.to.endsWith("-01");
  const value = weight ? sql`${metric(scope.metric)} * ${weight}` : metric(scope.metric);
  const currency = sql`(SELECT c FROM picked)`;
  const result = await db.execute(sql`
    WITH picked AS (SELECT coalesce(${scope.currency ?? null}::text, (
      SELECT coalesce(billing_currency, '') FROM cost_daily
      WHERE workspace_id = ${scope.workspaceId} AND day >= ${scope.from}::date AND day < ${scope.to}::date
      GROUP BY 1 ORDER BY sum(abs(billed_cost)) DESC, 1 LIMIT 1)) AS c)
    SELECT (SELECT c FROM picked) AS currency, resource_id AS "resourceId", max(resource_name) AS "resourceName",
      max(resource_type) AS "resourceType", max(service_name) AS "serviceName",
      max(provider_name) AS "providerName", max(billing_account_id) AS "billingAccountId",
      trim_scale(sum(${value}))::text AS total
    FROM ${monthly ? sql.raw("cost_monthly_resource") : table}
    WHERE ${whereOf(source, scope, currency)} AND resource_id IS NOT NULL
      ${weight ? sql`AND ${weight} <> 0` : sql``}
    GROUP BY resource_id ORDER BY sum(${value}) DESC, resource_id LIMIT ${scope.limit}`);
  const rows = rowsOf<TopResource & { currency: string | null }>(result);
  let reported = scope.currency ?? rows[0]?.currency;
  if (reported === undefined) reported = (await currenciesIn(db, scope))[0];
  return {
    currency: reported ?? null,
    items: rows.map(({ currency: _, ...item }) => item),
  };
}
