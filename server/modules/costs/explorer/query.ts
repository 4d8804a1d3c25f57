import Decimal from "decimal.js";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../../platform/db/copy.ts";
import type { Db } from "../../../platform/db/database.ts";
import { AppError, invalid } from "../../../platform/errors.ts";
import {
  FOCUS_COLUMN_NAMES,
  FOCUS_COLUMNS,
  type FocusColumn,
  sqlColumnOf,
} from "../import/focus.ts";
import { allocationCells, allocationWeight } from "./allocation-cells.ts";
import { type CellsQuery, planOf } from "./plan.ts";

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
export const METRIC_COLUMN: Record<Metric, string> = {
  BilledCost: "billed_cost",
  EffectiveCost: "effective_cost",
  ListCost: "list_cost",
  ContractedCost: "contracted_cost",
};

const zDay = z.iso.date();
export const TAG_KEY = /^tag:(.{1,200})$/;
/**
 * Costs by whom the allocation rules give them to: clients (with their projects' shares) or
 * projects, the rest as null.
 */
export const ALLOCATION_GROUPS = ["allocation:client", "allocation:project"] as const;
export type AllocationGroup = (typeof ALLOCATION_GROUPS)[number];
export const isAllocationGroup = (groupBy: string | undefined): groupBy is AllocationGroup =>
  (ALLOCATION_GROUPS as readonly (string | undefined)[]).includes(groupBy);

export const zGroupBy = z
  .string()
  .refine(
    (value) =>
      TAG_KEY.test(value) || (GROUPABLE as string[]).includes(value) || isAllocationGroup(value),
    {
      message: `must be a FOCUS dimension (${GROUPABLE.slice(0, 4).join(", ")}, …), "tag:<key>", "allocation:client" or "allocation:project"`,
    },
  );

export const zFilters = z
  .strictObject({
    ...Object.fromEntries(
      GROUPABLE.map((c) => [c, z.array(z.string().max(500).nullable()).max(200).optional()]),
    ),
    tags: z
      .record(z.string().max(200), z.array(z.string().max(500).nullable()).max(200))
      .optional()
      .describe("Tag key → values; null stands for costs without the key"),
    allocation: z
      .strictObject({
        kind: z.enum(["client", "project"]),
        key: z
          .string()
          .min(1)
          .max(200)
          .nullable()
          .describe('null: the rest, the "No client" or "No project" group of the grouping'),
      })
      .optional()
      .describe(
        "Only the share of costs the allocation rules give to this client (its projects' included) or project; key null: what they give to no client (no project)",
      ),
  })
  .describe(
    "Only costs whose column value is one of the listed values (null: not set); tags: key → values (null: without the key); allocation: a client's or project's share",
  );

export const zRange = {
  from: zDay.describe("First day, YYYY-MM-DD"),
  to: zDay.describe("Day after the last, YYYY-MM-DD (exclusive)"),
};

/** Refuses a period that ends before it starts (zRange checks each day, not the pair). */
export function checkPeriod(period: { from: string; to: string }) {
  if (period.from >= period.to) throw invalid("to", "must be after from");
}

/**
 * A client or project as the allocation rules name it; key null is the rest: what the rules
 * give to no client (its projects included) or no project, as grouping by allocation shows it.
 */
export interface AllocationTarget {
  kind: "client" | "project";
  key: string | null;
}

export type Filters = { [C in FocusColumn]?: (string | null)[] } & {
  /** Tag key → values; null stands for "without the key", as the (not set) group does. */
  tags?: Record<string, (string | null)[]>;
  /** Weighs every cost by the share the allocation rules give this target (0 to 1). */
  allocation?: AllocationTarget;
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
export function sourceFor(columns: string[], hasTags: boolean): Source {
  if (columns.every((c) => c in DAILY_DIMENSIONS) && !hasTags) return "daily";
  if (columns.every((c) => c in DAILY_DIMENSIONS || c in RESOURCE_DIMENSIONS)) return "resource";
  return "ledger";
}

export function columnSql(source: Source, column: string): SQL {
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

/**
 * The range, workspace and filters of a query. `currency` is a code, or an SQL expression
 * computed in the same statement (blank or NULL: no currency condition).
 */
export function whereOf(source: Source, scope: Scope, currency: string | null | SQL): SQL {
  const { day } = tableOf(source);
  const parts: SQL[] = [sql`workspace_id = ${scope.workspaceId}`];
  if (source === "ledger")
    // The same days as instants, so the (workspace_id, charge_period_start) index can serve.
    parts.push(
      sql`charge_period_start >= ${scope.from}::date::timestamp AT TIME ZONE 'UTC'`,
      sql`charge_period_start < ${scope.to}::date::timestamp AT TIME ZONE 'UTC'`,
    );
  else parts.push(sql`${day} >= ${scope.from}::date`, sql`${day} < ${scope.to}::date`);
  if (typeof currency === "string" && currency) parts.push(sql`billing_currency = ${currency}`);
  else if (currency && typeof currency === "object")
    parts.push(sql`(coalesce(${currency}, '') = '' OR billing_currency = ${currency})`);
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
    if (column === "tags" || column === "allocation" || !given) continue;
    parts.push(oneOf(columnSql(source, column), given as (string | null)[]));
  }
  for (const [key, values] of Object.entries(filters?.tags ?? {}))
    parts.push(oneOf(sql`tags ->> ${key}`, values));
  return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : undefined;
}

/**
 * `value` is one of `values`; null in the list stands for "not set" (a tag: the key absent),
 * so the (not set) group can be drilled into too.
 */
export function oneOf(value: SQL, values: (string | null)[]): SQL {
  const listed = JSON.stringify(values.filter((v) => v !== null));
  const named = sql`${value} IN (SELECT jsonb_array_elements_text(${listed}::jsonb))`;
  return values.includes(null) ? sql`(${named} OR ${value} IS NULL)` : named;
}

/** Whether filters can be answered from the per-resource roll-up (allocation rules must be). */
export function fitsResourceRollup(filters: Filters | undefined): boolean {
  return sourceFor(filterColumns(filters), true) === "resource";
}

export function filterColumns(filters: Filters | undefined): string[] {
  return Object.entries(filters ?? {})
    .filter(([k, v]) => k !== "tags" && k !== "allocation" && v)
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
  /** How many groups there are in all: `groups` holds the first `limit` of them. */
  groupCount: number;
}

export async function summarise(
  db: Db,
  scope: Scope & { groupBy?: string; metric: Metric; limit?: number },
): Promise<Grouped> {
  checkPeriod(scope);
  const answer = await groupedCells(db, { ...scope, granularity: undefined });
  const groups = answer.groups;
  return {
    currency: answer.currency,
    currencies: answer.currencies,
    total: answer.total,
    groups: scope.groupBy ? groups.map(({ key, total }) => ({ key, total })) : [],
    groupCount: scope.groupBy ? answer.groupCount : 0,
  };
}

export interface Cells {
  currency: string | null;
  currencies: string[];
  total: string;
  /** The groups, costliest first (ties by key), the first `limit` if one was given. */
  groups: { key: string | null; total: string }[];
  groupCount: number;
  /** Per bucket and group (only when a granularity was asked for). */
  cells: { bucket: string; key: string | null; total: string }[];
}

/**
 * One statement per explorer query: the period's currencies (most cost first), the groups and
 * their total, and with a granularity the cells per bucket, told apart by `kind`.
 */
async function groupedCells(db: Db, query: CellsQuery & { limit?: number }): Promise<Cells> {
  if (isAllocationGroup(query.groupBy)) return allocationCells(db, query, query.groupBy);
  const target = query.filters?.allocation;
  const weight = target ? await allocationWeight(db, query.workspaceId, target) : undefined;
  const plan = planOf({ ...query, weight });
  const given = query.currency ?? null;
  const currency = sql`(SELECT c FROM picked)`;
  const result = await db.execute(sql`
    WITH currencies AS (
      SELECT coalesce(billing_currency, '') AS c, sum(abs(billed_cost)) AS w FROM cost_daily
      WHERE workspace_id = ${query.workspaceId} AND day >= ${query.from}::date AND day < ${query.to}::date
      GROUP BY 1),
    picked AS (SELECT coalesce(${given}::text, (SELECT c FROM currencies ORDER BY w DESC, c LIMIT 1)) AS c),
    cells AS (${plan.cells(currency)}),
    groups AS (SELECT k, sum(t) AS t FROM cells GROUP BY k),
    ranked AS (SELECT k, t, row_number() OVER (ORDER BY t DESC NULLS LAST, k) AS r FROM groups)
    SELECT 0 AS kind, c AS key, NULL::text AS bucket, NULL::text AS total,
      row_number() OVER (ORDER BY w DESC, c) AS r FROM currencies
    UNION ALL SELECT 1, k, NULL, trim_scale(t)::text, r FROM ranked
      ${query.limit ? sql`WHERE r <= ${query.limit}` : sql``}
    UNION ALL SELECT 2, NULL, NULL, trim_scale(coalesce(sum(t), 0))::text, count(*) FROM groups
    ${query.granularity ? sql`UNION ALL SELECT 3, k, to_char(b, 'YYYY-MM-DD'), trim_scale(t)::text, NULL FROM cells` : sql``}`);
  const rows = rowsOf<{
    kind: number;
    key: string | null;
    bucket: string | null;
    total: string | null;
    r: number | string | null;
  }>(result);
  const ofKind = (kind: number) =>
    rows.filter((row) => Number(row.kind) === kind).sort((a, b) => Number(a.r) - Number(b.r));
  const currencies = ofKind(0).map((row) => row.key ?? "");
  const groups = ofKind(1).map((row) => ({ key: row.key, total: row.total ?? "0" }));
  const overall = ofKind(2)[0];
  return {
    currency: given ?? currencies[0] ?? null,
    currencies,
    total: overall?.total ?? "0",
    groups,
    groupCount: Number(overall?.r ?? 0),
    cells: rows
      .filter((r) => Number(r.kind) === 3)
      .map((r) => ({ bucket: r.bucket ?? "", key: r.key, total: r.total ?? "0" })),
  };
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
  checkPeriod(scope);
  const summary = await groupedCells(db, { ...scope, limit: scope.top });
  const currency = summary.currency;
  const top = summary.groups.map((g) => g.key);
  const hasOther = summary.groupCount > scope.top;
  const dates = bucketsBetween(scope.from, scope.to, scope.granularity);
  const index = new Map(dates.map((d, i) => [d, i]));
  const keys: (string | null)[] = scope.groupBy
    ? [...top, ...(hasOther ? ["(other)"] : [])]
    : [null];
  const zero = new Decimal(0);
  const sums = keys.map(() => dates.map(() => zero));
  for (const row of summary.cells) {
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

/** Points a time series may hold (costs.timeseries refuses longer ones). */
export const MAX_BUCKETS = 1000;

/** The days or months of [from, to); one more than MAX_BUCKETS at most, so a caller can tell. */
export function bucketsBetween(from: string, to: string, granularity: "day" | "month"): string[] {
  const out: string[] = [];
  const cursor = new Date(`${from}T00:00:00Z`);
  if (granularity === "month") cursor.setUTCDate(1);
  const end = new Date(`${to}T00:00:00Z`);
  while (cursor < end && out.length <= MAX_BUCKETS) {
    out.push(cursor.toISOString().slice(0, 10));
    if (granularity === "month") cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    else cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return out;
}
