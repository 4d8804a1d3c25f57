import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "../../platform/db/copy.ts";
import { conflict, notFound } from "../../platform/errors.ts";
import { defineOperation, userOf, workspaceOf } from "../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../platform/operations/zod.ts";
import { costImports } from "./costs.schema.ts";
import { COUNT_CAP, listLineItems } from "./explorer/line-items.ts";
import {
  type Filters,
  METRICS,
  summarise,
  timeSeries,
  topResources,
  zFilters,
  zGroupBy,
  zRange,
} from "./explorer/query.ts";
import { SOURCE_FORMATS } from "./import/focus.ts";
import { importCostFile, ROLLUP_TABLES } from "./import/importer.ts";

const zDecimal = z.string().describe("A decimal amount, exact, as a string");
const zPeriod = z.object({
  billingAccountId: z.string().nullable(),
  billingPeriodStart: z.string().nullable(),
  currency: z.string().nullable(),
  rows: z.number(),
  billedCost: zDecimal,
  effectiveCost: zDecimal,
});
const zRuleResult = z.object({
  id: z.string(),
  column: z.string().nullable(),
  description: z.string(),
  status: z.enum(["pass", "fail", "not-applicable"]),
  checked: z.number(),
  failed: z.number(),
  examples: z.array(
    z.object({ row: z.number(), value: z.string().nullable(), reason: z.string() }),
  ),
});
const zConformance = z.object({
  version: z.string(),
  rows: z.number(),
  passed: z.number(),
  failed: z.number(),
  notApplicable: z.number(),
  rules: z.array(zRuleResult),
});
const zImport = z.object({
  id: zId,
  fileName: z.string(),
  format: z.enum(SOURCE_FORMATS),
  container: z.string(),
  bytes: z.number(),
  rows: z.number(),
  status: z.enum(["importing", "imported", "partly-replaced", "replaced"]),
  periods: z.array(zPeriod),
  replacedRows: z.number(),
  durationMs: z.number(),
  createdAt: zTimestamp,
  conformance: z
    .object({ passed: z.number(), failed: z.number(), notApplicable: z.number() })
    .nullable(),
});
type ImportRow = typeof costImports.$inferSelect;
const importView = (row: ImportRow) => {
  const report = row.conformance as z.infer<typeof zConformance> | null;
  return {
    ...row,
    format: row.format as (typeof SOURCE_FORMATS)[number],
    status: row.status as z.infer<typeof zImport>["status"],
    periods: row.periods as z.infer<typeof zPeriod>[],
    conformance: report
      ? { passed: report.passed, failed: report.failed, notApplicable: report.notApplicable }
      : null,
  };
};

const MAX_UPLOAD = 4 * 1024 * 1024 * 1024;
const AFTER_IMPORT_JOBS = ["costs.evaluateBudgets", "costs.detectAnomalies"] as const;

export const costsImport = defineOperation({
  name: "costs.import",
  summary:
    "Import a billing file into the cost ledger (FOCUS, AWS CUR, Azure, GCP, OCI, DigitalOcean)",
  description:
    "The file is the request body (application/octet-stream; name it in the x-file-name header). " +
    "Its format is detected. It is imported all or nothing; a billing period it covers for a " +
    "billing account replaces what earlier imports held for that account and period.",
  input: z.strictObject({}),
  output: zImport,
  permission: "costs:import",
  mutates: true,
  upload: { maxBytes: MAX_UPLOAD },
  handler: async (_input, ctx) => {
    const file = ctx.upload!;
    const result = await importCostFile(ctx.db, {
      workspaceId: workspaceOf(ctx),
      importedBy: userOf(ctx) ?? null,
      filePath: file.path,
      fileName: file.name,
      onProgress: (p) =>
        ctx.progress?.({
          done: p.bytesRead,
          total: p.bytes,
          unit: "bytes",
          detail: `${p.rows} rows`,
        }),
    });
    ctx.audit.targetId = result.id;
    // New costs: budgets and anomalies are looked at again (once each, however many imports).
    const workspaceId = workspaceOf(ctx);
    for (const job of AFTER_IMPORT_JOBS) {
      await ctx.services.jobs.enqueue(
        ctx.db,
        job,
        { workspaceId },
        { workspaceId, singletonKey: `${job}:${workspaceId}` },
      );
    }
    const [row] = await ctx.db.select().from(costImports).where(eq(costImports.id, result.id));
    return importView(row!);
  },
});

export const costsImportsList = defineOperation({
  name: "costs.imports.list",
  summary: "Imported billing files, newest first, with their periods and totals",
  input: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  output: z.array(zImport),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  handler: async (input, ctx) => {
    const rows = await ctx.db
      .select()
      .from(costImports)
      .where(eq(costImports.workspaceId, workspaceOf(ctx)))
      .orderBy(desc(costImports.createdAt))
      .limit(input.limit);
    return rows.map(importView);
  },
});

export const costsImportsGet = defineOperation({
  name: "costs.imports.get",
  summary: "One import with its full FOCUS 1.2 conformance report",
  input: z.object({ id: zId }),
  output: zImport.extend({ conformance: zConformance.nullable() }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  handler: async (input, ctx) => {
    const [row] = await ctx.db
      .select()
      .from(costImports)
      .where(and(eq(costImports.id, input.id), eq(costImports.workspaceId, workspaceOf(ctx))));
    if (!row) throw notFound("Import");
    return {
      ...importView(row),
      conformance: row.conformance as z.infer<typeof zConformance> | null,
    };
  },
});

export const costsImportsDelete = defineOperation({
  name: "costs.imports.delete",
  summary: "Remove an import and its cost lines from the ledger",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "costs:import",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.id;
    const workspaceId = workspaceOf(ctx);
    const [row] = await ctx.db
      .select({ id: costImports.id, status: costImports.status })
      .from(costImports)
      .where(and(eq(costImports.id, input.id), eq(costImports.workspaceId, workspaceId)))
      .for("update");
    if (!row) throw notFound("Import");
    if (row.status === "importing") throw conflict("The import is still running");
    for (const table of [...ROLLUP_TABLES, "cost_line_items"])
      await ctx.db.execute(
        sql`DELETE FROM ${sql.raw(table)} WHERE import_id = ${input.id} AND workspace_id = ${workspaceId}`,
      );
    await ctx.db.delete(costImports).where(eq(costImports.id, input.id));
    return { ok: true as const };
  },
});

const zMetric = z.enum(METRICS).default("BilledCost");
const zQuery = z.object({
  ...zRange,
  groupBy: zGroupBy
    .optional()
    .describe('A FOCUS dimension (ServiceName, RegionId, …) or "tag:<key>"'),
  metric: zMetric,
  filters: zFilters.optional(),
  currency: z.string().length(3).optional().describe("Report in this billing currency"),
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
  }),
  permission: "costs:read",
  mutates: false,
  cache: "workspace",
  example: { from: "2024-09-01", to: "2024-10-01", groupBy: "ServiceName" },
  handler: async (input, ctx) =>
    summarise(ctx.db, {
      ...input,
      filters: input.filters as Filters,
      workspaceId: workspaceOf(ctx),
    }),
});

export const costsTimeseries = defineOperation({
  name: "costs.timeseries",
  summary: "Cost per day or month, one series per group (the largest `top`, the rest as (other))",
  input: zQuery.extend({
    granularity: z.enum(["day", "month"]).default("day"),
    top: z.coerce.number().int().min(1).max(50).default(8),
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
  handler: async (input, ctx) =>
    timeSeries(ctx.db, {
      ...input,
      filters: input.filters as Filters,
      workspaceId: workspaceOf(ctx),
    }),
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
  handler: async (input, ctx) =>
    topResources(ctx.db, {
      ...input,
      filters: input.filters as Filters,
      workspaceId: workspaceOf(ctx),
    }),
});

const zNullable = z.string().nullable();
const zLineItem = z.object({
  id: z.string().describe("The line's ledger id"),
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
});

export const costsLineItems = defineOperation({
  name: "costs.lineItems",
  summary:
    "The ledger lines behind a view (period, filters, currency), the largest amount of the metric first",
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
  handler: async (input, ctx) =>
    listLineItems(ctx.db, {
      ...input,
      filters: input.filters as Filters,
      workspaceId: workspaceOf(ctx),
    }),
});

export const costOperations = [
  costsImport,
  costsImportsList,
  costsImportsGet,
  costsImportsDelete,
  costsSummary,
  costsTimeseries,
  costsDimensions,
  costsTopResources,
  costsLineItems,
] as const;
