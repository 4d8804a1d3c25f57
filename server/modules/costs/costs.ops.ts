import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict, notFound } from "../../platform/errors.ts";
import { defineOperation, userOf, workspaceOf } from "../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../platform/operations/zod.ts";
import { costImports } from "./costs.schema.ts";
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
    "With an x-progress-id header (16–64 letters, digits, - or _), the caller's /api/events " +
    "stream receives `progress` events tagged with that id while the file is processed. " +
    "Its format is detected. It is imported all or nothing; a billing period it covers for a " +
    "billing account replaces what earlier imports held for that account and period, except " +
    "the imports named in `alongside` (other parts of the same export).",
  input: z.strictObject({
    alongside: z
      .array(z.string().uuid())
      .max(200)
      .optional()
      .describe(
        "Imports of the other parts of the same export (a month delivered as several files): this file's periods add to theirs instead of replacing them",
      ),
  }),
  output: zImport,
  permission: "costs:import",
  mutates: true,
  upload: { maxBytes: MAX_UPLOAD },
  handler: async (input, ctx) => {
    const file = ctx.upload!;
    const result = await importCostFile(ctx.db, {
      alongside: input.alongside,
      workspaceId: workspaceOf(ctx),
      importedBy: userOf(ctx) ?? null,
      filePath: file.path,
      fileName: file.name,
      onProgress: (p) =>
        ctx.progress?.({
          done: p.bytesRead,
          total: p.bytes,
          unit: "bytes",
          phase: p.phase,
          rows: p.rows,
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

export const costOperations = [
  costsImport,
  costsImportsList,
  costsImportsGet,
  costsImportsDelete,
] as const;
