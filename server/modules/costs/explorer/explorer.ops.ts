import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../../platform/db/copy.ts";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zCurrencyCode, zId } from "../../../platform/operations/zod.ts";
import { COUNT_CAP, listLineItems } from "./line-items.ts";
import {
  bucketsBetween,
  type Filters,
  MAX_BUCKETS,
  METRICS,
  summarise,
  timeSeries,
  zFilters,
  zGroupBy,
  zRange,
} from "./query.ts";
import { topResources } from "./top-resources.ts";

/** The explorer's operations: summaries, series, dimensions, top resources and line items. */

/** An operation's input as the query functions take it: its filters typed, its workspace. */
function viewOf<T extends { filters?: unknown }>(input: T, ctx: OperationContext) {
  return { ...input, filters: input.filters as Filters, workspaceId: workspaceOf(ctx) };
}

const zDecimal = z.string().describe("A decimal amount, exact, as a string");
const zMetric = z.enum(METRICS).default("BilledCost");
const zQuery = z.object({
  ...zRange,
  groupBy: zGroupBy
    .optional()
    .describe('A FOCUS dimension (ServiceName, RegionId, …) or "tag:<key>"'),
  metric: zMetric,
  filters: zFilters.optional(),
  currency: zCurrencyCode.optional().describe("Report in this billing currency"),
});

export const costsSummary = defineOperation({
  name: "costs.summary",
  summary: "Total cost for a period, optionally grouped by a FOCUS dimension or a tag",
  input: zQuery.extend({ limit: z.coerce.number().int().min(1).max(10_000).optional() }),
  output: z.object({
    currency: z.string().nullable(),
    currencies: z.array(z.string()).describe("Every billing currency with cost in the period"),
    total: zDecimal,
    groups: z.array(z.object({ key: z.string().nullable(), total: zDecimal })),
    groupCount: z
      .number()
      .int()
      .describe("How many groups there are in all; with `limit`, groups holds the largest ones"),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01", groupBy: "ServiceName" },
  handler: async (input, ctx) => summarise(ctx.db, viewOf(input, ctx)),
});

export const costsTimeseries = defineOperation({
  name: "costs.timeseries",
  summary: "Cost per day or month, one series per group (the largest `top`, the rest as (other))",
  input: zQuery
    .extend({
      granularity: z.enum(["day", "month"]).default("day"),
      top: z.coerce.number().int().min(1).max(50).default(8),
    })
    // Refused rather than cut: a cut series would drop the latest days and no longer add up.
    .refine((q) => bucketsBetween(q.from, q.to, q.granularity).length <= MAX_BUCKETS, {
      path: ["to"],
      message: `a series holds at most ${MAX_BUCKETS} points: ask for months, or a shorter range`,
    }),
  output: z.object({
    currency: z.string().nullable(),
    currencies: z.array(z.string()),
    granularity: z.enum(["day", "month"]),
    dates: z.array(z.string()),
    series: z.array(
      z.object({ key: z.string().nullable(), values: z.array(zDecimal), total: zDecimal }),
    ),
    total: zDecimal,
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01", groupBy: "ServiceName" },
  handler: async (input, ctx) => timeSeries(ctx.db, viewOf(input, ctx)),
});

export const costsDimensions = defineOperation({
  name: "costs.dimensions",
  summary:
    "Values seen in a period for the explorer's filters: providers, services, accounts, regions, tag keys",
  input: z.object(zRange),
  output: z.object({
    ProviderName: z.array(z.string()),
    ServiceName: z.array(z.string()),
    BillingAccountId: z.array(z.string()),
    SubAccountId: z.array(z.string()),
    RegionId: z.array(z.string()),
    ChargeCategory: z.array(z.string()),
    ServiceCategory: z.array(z.string()),
    tagKeys: z.array(z.string()),
    firstDay: z.string().nullable(),
    lastDay: z.string().nullable(),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const range = sql`workspace_id = ${workspaceId} AND day >= ${input.from}::date AND day < ${input.to}::date`;
    const distinct = async (column: string) =>
      rowsOf<{ v: string }>(
        await ctx.db.execute(
          sql`SELECT DISTINCT ${sql.raw(column)} AS v FROM cost_daily WHERE ${range} AND ${sql.raw(column)} IS NOT NULL ORDER BY 1 LIMIT 500`,
        ),
      ).map((r) => r.v);
    const tagKeys = rowsOf<{ k: string }>(
      await ctx.db.execute(sql`
        SELECT DISTINCT jsonb_object_keys(tags) AS k FROM cost_daily_resource
        WHERE ${range} AND tags IS NOT NULL ORDER BY 1 LIMIT 500`),
    ).map((r) => r.k);
    const [bounds] = rowsOf<{ first: string | null; last: string | null }>(
      await ctx.db.execute(sql`
        SELECT to_char(min(day), 'YYYY-MM-DD') AS first, to_char(max(day), 'YYYY-MM-DD') AS last
        FROM cost_daily WHERE workspace_id = ${workspaceId}`),
    );
    return {
      ProviderName: await distinct("provider_name"),
      ServiceName: await distinct("service_name"),
      BillingAccountId: await distinct("billing_account_id"),
      SubAccountId: await distinct("sub_account_id"),
      RegionId: await distinct("region_id"),
      ChargeCategory: await distinct("charge_category"),
      ServiceCategory: await distinct("service_category"),
      tagKeys,
      firstDay: bounds?.first ?? null,
      lastDay: bounds?.last ?? null,
    };
  },
});

export const costsTopResources = defineOperation({
  name: "costs.topResources",
  summary: "The resources that cost most in a period, with their name, type, service and account",
  input: zQuery.omit({ groupBy: true }).extend({
    limit: z.coerce.number().int().min(1).max(500).default(10),
  }),
  output: z.object({
    currency: z.string().nullable(),
    items: z.array(
      z.object({
        resourceId: z.string(),
        resourceName: z.string().nullable(),
        resourceType: z.string().nullable(),
        serviceName: z.string().nullable(),
        providerName: z.string().nullable(),
        billingAccountId: z.string().nullable(),
        total: zDecimal,
      }),
    ),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01", limit: 10 },
  handler: async (input, ctx) => topResources(ctx.db, viewOf(input, ctx)),
});

const zNullable = z.string().nullable();
const zLineItem = z.object({
  id: z
    .string()
    .describe("The line's ledger key: its import id and data row, as <importId>/<sourceRow>"),
  importId: zId,
  fileName: zNullable.describe("The imported file it came from"),
  sourceRow: z.number().describe("Its data row in that file (1-based)"),
  chargePeriodStart: zNullable,
  chargePeriodEnd: zNullable,
  billingAccountId: zNullable,
  subAccountId: zNullable,
  subAccountName: zNullable,
  providerName: zNullable,
  serviceName: zNullable,
  regionId: zNullable,
  resourceId: zNullable,
  resourceName: zNullable,
  resourceType: zNullable,
  chargeCategory: zNullable,
  chargeDescription: zNullable,
  skuId: zNullable,
  pricingUnit: zNullable,
  pricingQuantity: zDecimal.nullable(),
  consumedQuantity: zDecimal.nullable(),
  consumedUnit: zNullable,
  commitmentDiscountId: zNullable,
  billingCurrency: zNullable,
  billedCost: zDecimal.nullable(),
  effectiveCost: zDecimal.nullable(),
  listCost: zDecimal.nullable(),
  tags: z.record(z.string(), z.string()).nullable(),
  share: zDecimal
    .nullable()
    .describe(
      "Filtered by a client or project: the part of the line (0–1) the allocation rules give it, by which billedCost, effectiveCost and listCost are scaled (quantities are the line's); null otherwise",
    ),
});

export const costsLineItems = defineOperation({
  name: "costs.lineItems",
  summary:
    "The ledger lines behind a view (period, filters, currency), the largest amount of the metric first; filtered by a client or project, each line at the share the allocation rules give it",
  input: zQuery.omit({ groupBy: true }).extend({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
  }),
  output: z.object({
    currency: z.string().nullable(),
    count: z.number().describe(`Lines in the view, counted up to ${COUNT_CAP}`),
    countCapped: z.boolean().describe(`True when the view holds more than ${COUNT_CAP} lines`),
    items: z.array(zLineItem),
    nextCursor: z.string().nullable(),
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: {
    from: "2024-09-01",
    to: "2024-09-02",
    filters: { tags: { client: ["acme"] } },
  },
  handler: async (input, ctx) => listLineItems(ctx.db, viewOf(input, ctx)),
});

export const explorerOperations = [
  costsSummary,
  costsTimeseries,
  costsDimensions,
  costsTopResources,
  costsLineItems,
] as const;
