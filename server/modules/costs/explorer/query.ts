import Decimal from "decimal.js";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError } from "../../../platform/errors.ts";
import {
  FOCUS_COLUMN_NAMES,
  FOCUS_COLUMNS,
  type FocusColumn,
  sqlColumnOf,
} from "../import/focus.ts";

/**
 * Explorer queries over the roll-ups (or the ledger when a query needs a column the roll-ups
 * do not keep). Every column name that reaches SQL comes from the whitelists below.
 */

/** Dimensions kept in cost_daily: most queries read only these. */
const DAILY_DIMENSIONS: Partial<Record<FocusColumn, string>> = {
  BillingAccountId: "billing_account_id",
  BillingAccountName: "billing_account_name",
  SubAccountId: "sub_account_id",
  SubAccountName: "sub_account_name",
  ProviderName: "provider_name",
  ServiceName: "service_name",
  ServiceCategory: "service_category",
  RegionId: "region_id",
  ChargeCategory: "charge_category",
  PricingCategory: "pricing_category",
  BillingCurrency: "billing_currency",
};
/** Further dimensions kept in cost_daily_resource. */
const RESOURCE_DIMENSIONS: Partial<Record<FocusColumn, string>> = {
  ResourceId: "resource_id",
  ResourceName: "resource_name",
  ResourceType: "resource_type",
};
const GROUPABLE = FOCUS_COLUMN_NAMES.filter((c) => FOCUS_COLUMNS[c] === "string");

export const METRICS = ["BilledCost", "EffectiveCost", "ListCost", "ContractedCost"] as const;
export type Metric = (typeof METRICS)[number];
const METRIC_COLUMN: Record<Metric, string> = {
  BilledCost: "billed_cost",
  EffectiveCost: "effective_cost",
  ListCost: "list_cost",
  ContractedCost: "contracted_cost",
};

const zDay = z.iso.date();
const TAG_KEY = /^tag:(.{1,200})$/;

export const zGroupBy = z
  .string()
  .refine((value) => TAG_KEY.test(value) || (GROUPABLE as string[]).includes(value), {
    message: `must be a FOCUS dimension (${GROUPABLE.slice(0, 4).join(", ")}, …) or "tag:<key>"`,
  });

export const zFilters = z
  .strictObject({
    ...Object.fromEntries(
      GROUPABLE.map((c) => [c, z.array(z.string().max(500).nullable()).max(200).optional()]),
    ),
    tags: z.record(z.string().max(200), z.array(z.string().max(500)).max(200)).optional(),
  })
  .describe("Only costs whose column value is one of the listed values; tags: key → values");

export const zRange = {
  from: zDay.describe("First day, YYYY-MM-DD"),
  to: zDay.describe("Day after the last, YYYY-MM-DD (exclusive)"),
};

export type Filters = { [C in FocusColumn]?: (string | null)[] } & {
  tags?: Record<string, string[]>;
};

export interface Scope {
  workspaceId: string;
  from: string;
  to: string;
  filters?: Filters;
  currency?: string;
}

export type Source = "daily" | "resource" | "ledger";

/** The cheapest table that has every column a query touches. */
function sourceFor(columns: string[], hasTags: boolean): Source {
  if (columns.every((c) => c in DAILY_DIMENSIONS) && !hasTags) return "daily";
  if (columns.every((c) => c in DAILY_DIMENSIONS || c in RESOURCE_DIMENSIONS)) return "resource";
  return "ledger";
}

function columnSql(source: Source, column: string): SQL {
  const name =
    DAILY_DIMENSIONS[column as FocusColumn] ?? RESOURCE_DIMENSIONS[column as FocusColumn];
  if (source !== "ledger" && name) return sql.raw(name);
  if (!(GROUPABLE as string[]).includes(column))
    throw new AppError("invalid_input", `${column} is not a dimension`);
  return sql.raw(sqlColumnOf(column));
}

export function tableOf(source: Source): { table: SQL; day: SQL; metric: (m: Metric) => SQL } {
  if (source === "ledger")
    return {
      table: sql.raw("cost_line_items"),
      day: sql.raw("(charge_period_start AT TIME ZONE 'UTC')::date"),
      metric: (m) => sql.raw(`coalesce(${METRIC_COLUMN[m]}, 0)`),
    };
  return {
    table: sql.raw(source === "daily" ? "cost_daily" : "cost_daily_resource"),
    day: sql.raw("day"),
    metric: (m) => sql.raw(METRIC_COLUMN[m]),
  };
}

export function whereOf(source: Source, scope: Scope, currency: string | null): SQL {
  const { day } = tableOf(source);
  const parts: SQL[] = [
    sql`workspace_id = ${scope.workspaceId}`,
    sql`${day} >= ${scope.from}::date`,
    sql`${day} < ${scope.to}::date`,
  ];
  if (currency) parts.push(sql`billing_currency = ${currency}`);
  const filters = filterPredicate(source, scope.filters);
  if (filters) parts.push(filters);
  return sql.join(parts, sql` AND `);
}

/**
 * The SQL condition for explorer filters (and allocation rules, which use the same shape), or
 * undefined when they filter nothing. Every listed value of a column matches; columns and tag
 * keys must all match.
 */
export function filterPredicate(source: Source, filters: Filters | undefined): SQL | undefined {
  const parts: SQL[] = [];
  for (const [column, given] of Object.entries(filters ?? {})) {
    if (column === "tags" || !given) continue;
    const values = given as (string | null)[];
    // null in the list stands for "not set", so the (not set) group can be drilled into too.
    const listed = JSON.stringify(values.filter((v) => v !== null));
    const named = sql`${columnSql(source, column)} IN (SELECT jsonb_array_elements_text(${listed}::jsonb))`;
    parts.push(
      values.includes(null) ? sql`(${named} OR ${columnSql(source, column)} IS NULL)` : named,
    );
  }
  for (const [key, values] of Object.entries(filters?.tags ?? {})) {
    parts.push(
      sql`tags ->> ${key} IN (SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`,
    );
  }
  return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : undefined;
}

/** Whether filters can be answered from the per-resource roll-up (allocation rules must be). */
export function fitsResourceRollup(filters: Filters | undefined): boolean {
  return sourceFor(filterColumns(filters), true) === "resource";
}

export function filterColumns(filters: Filters | undefined): string[] {
  return Object.entries(filters ?? {})
    .filter(([k, v]) => k !== "tags" && v)
    .map(([k]) => k);
}

/**
 * The currency a query reports in: the one asked for, or the one with most cost in the range.
 * Amounts in different currencies are never added together.
 */
export async function currenciesIn(db: Db, scope: Scope): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT billing_currency AS currency FROM cost_daily
    WHERE workspace_id = ${scope.workspaceId} AND day >= ${scope.from}::date AND day < ${scope.to}::date
    GROUP BY 1 ORDER BY sum(abs(billed_cost)) DESC`);
  return rowsOf<{ currency: string | null }>(result).map((r) => r.currency ?? "");
}

export interface Grouped {
  currency: string | null;
  currencies: string[];
  total: string;
  groups: { key: string | null; total: string }[];
}

export async function summarise(
  db: Db,
  scope: Scope & { groupBy?: string; metric: Metric; limit?: number },
): Promise<Grouped> {
  if (scope.from >= scope.to)
    throw new AppError("invalid_input", "to: must be after from", { field: "to" });
  const currencies = await currenciesIn(db, scope);
  const currency = scope.currency ?? currencies[0] ?? null;
  const tag = scope.groupBy ? TAG_KEY.exec(scope.groupBy)?.[1] : undefined;
  const columns = [
    ...filterColumns(scope.filters),
    ...(scope.groupBy && !tag ? [scope.groupBy] : []),
  ];
  const source = sourceFor(columns, Boolean(tag || scope.filters?.tags));
  const { table, metric } = tableOf(source);
  const where = whereOf(source, scope, currency);
  const value = metric(scope.metric);
  const key = tag
    ? sql`tags ->> ${tag}`
    : scope.groupBy
      ? columnSql(source, scope.groupBy)
      : sql`NULL::text`;
  const result = await db.execute(sql`
    SELECT ${key} AS key, trim_scale(sum(${value}))::text AS total
    FROM ${table} WHERE ${where}
    GROUP BY 1 ORDER BY sum(${value}) DESC NULLS LAST
    ${scope.limit ? sql`LIMIT ${scope.limit}` : sql``}`);
  const groups = rowsOf<{ key: string | null; total: string | null }>(result).map((r) => ({
    key: r.key,
    total: r.total ?? "0",
  }));
  const totalResult = await db.execute(
    sql`SELECT trim_scale(coalesce(sum(${value}), 0))::text AS total FROM ${table} WHERE ${where}`,
  );
  const total = rowsOf<{ total: string }>(totalResult)[0]?.total ?? "0";
  return { currency, currencies, total, groups: scope.groupBy ? groups : [] };
}

export interface Series {
  currency: string | null;
  currencies: string[];
  granularity: "day" | "month";
  dates: string[];
  series: { key: string | null; values: string[]; total: string }[];
  total: string;
}

/** Cost over time, one series per group; groups beyond `top` are summed as key "(other)". */
export async function timeSeries(
  db: Db,
  scope: Scope & { groupBy?: string; metric: Metric; granularity: "day" | "month"; top: number },
): Promise<Series> {
  const summary = await summarise(db, { ...scope, limit: undefined });
  const currency = summary.currency;
  const tag = scope.groupBy ? TAG_KEY.exec(scope.groupBy)?.[1] : undefined;
  const columns = [
    ...filterColumns(scope.filters),
    ...(scope.groupBy && !tag ? [scope.groupBy] : []),
  ];
  const source = sourceFor(columns, Boolean(tag || scope.filters?.tags));
  const { table, day, metric } = tableOf(source);
  const where = whereOf(source, scope, currency);
  const value = metric(scope.metric);
  const key = tag
    ? sql`tags ->> ${tag}`
    : scope.groupBy
      ? columnSql(source, scope.groupBy)
      : sql`NULL::text`;
  const bucket = scope.granularity === "month" ? sql`date_trunc('month', ${day})::date` : day;
  const result = await db.execute(sql`
    SELECT to_char(${bucket}, 'YYYY-MM-DD') AS bucket, ${key} AS key, trim_scale(sum(${value}))::text AS total
    FROM ${table} WHERE ${where} GROUP BY 1, 2`);
  const top = summary.groups.slice(0, scope.top).map((g) => g.key);
  const hasOther = summary.groups.length > scope.top;
  const dates = bucketsBetween(scope.from, scope.to, scope.granularity);
  const index = new Map(dates.map((d, i) => [d, i]));
  const keys: (string | null)[] = scope.groupBy
    ? [...top, ...(hasOther ? ["(other)"] : [])]
    : [null];
  const zero = new Decimal(0);
  const sums = keys.map(() => dates.map(() => zero));
  for (const row of rowsOf<{ bucket: string; key: string | null; total: string }>(result)) {
    const i = index.get(row.bucket);
    if (i === undefined) continue;
    let k = scope.groupBy ? top.indexOf(row.key) : 0;
    if (k < 0) k = keys.length - 1;
    const series = sums[k];
    if (series) series[i] = (series[i] ?? zero).plus(row.total);
  }
  return {
    currency,
    currencies: summary.currencies,
    granularity: scope.granularity,
    dates,
    series: keys.map((key, k) => {
      const values = sums[k] ?? [];
      const total = values.reduce((a, b) => a.plus(b), zero);
      return { key, values: values.map((v) => v.toFixed()), total: total.toFixed() };
    }),
    total: summary.total,
  };
}

export function bucketsBetween(from: string, to: string, granularity: "day" | "month"): string[] {
  const out: string[] = [];
  const cursor = new Date(`${from}T00:00:00Z`);
  if (granularity === "month") cursor.setUTCDate(1);
  const end = new Date(`${to}T00:00:00Z`);
  while (cursor < end && out.length < 1000) {
    out.push(cursor.toISOString().slice(0, 10));
    if (granularity === "month") cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}

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
  if (scope.from >= scope.to)
    throw new AppError("invalid_input", "to: must be after from", { field: "to" });
  const currency = scope.currency ?? (await currenciesIn(db, scope))[0] ?? null;
  const source = sourceFor([...filterColumns(scope.filters), "ResourceId"], true);
  const { table, metric } = tableOf(source);
  const value = metric(scope.metric);
  const result = await db.execute(sql`
    SELECT resource_id AS "resourceId", max(resource_name) AS "resourceName",
      max(resource_type) AS "resourceType", max(service_name) AS "serviceName",
      max(provider_name) AS "providerName", max(billing_account_id) AS "billingAccountId",
      trim_scale(sum(${value}))::text AS total
    FROM ${table} WHERE ${whereOf(source, scope, currency)} AND resource_id IS NOT NULL
    GROUP BY resource_id ORDER BY sum(${value}) DESC LIMIT ${scope.limit}`);
  return { currency, items: rowsOf<TopResource>(result) };
}
