import { z } from "zod";
import {
  defineOperation,
  type OperationContext,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zName, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import {
  createTarget,
  deleteTarget,
  listTargets,
  scrapeNow,
  targetOf,
  targetView,
  updateTarget,
} from "./scrape.service.ts";

/** The dispatcher runs each minute, so shorter intervals would not be honoured. */
const zInterval = z.coerce.number().int().min(60).max(86_400);
const zJob = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-zA-Z_][a-zA-Z0-9_:-]*$/, "letters, digits, _ : - (a Prometheus label value)");
const zUrl = z.string().trim().min(1).max(2_000);

const zTarget = z.object({
  id: zId,
  name: z.string(),
  url: z.string(),
  job: z.string(),
  intervalSeconds: z.number().int(),
  isEnabled: z.boolean(),
  source: z.enum(["manual", "host"]).describe("host: the node_exporter of a host connector"),
  connectorId: zId.nullable(),
  resourceId: zId.nullable(),
  nextScrapeAt: zTimestamp,
  lastScrapeAt: zTimestamp.nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastSamples: z.number().int().nullable(),
  health: z.enum(["unknown", "up", "down"]),
});

const changed = (ctx: OperationContext, operation: string) =>
  ctx.services.events.publish(workspaceOf(ctx), { type: "changed", operation });

export const scrapeTargetsList = defineOperation({
  name: "scrape.targets.list",
  summary: "Prometheus scrape targets (added ones and hosts' node_exporters) with scrape health",
  input: z.object({}),
  output: z.array(zTarget),
  permission: "ingest:read",
  mutates: false,
  handler: async (_input, ctx) => (await listTargets(ctx.db, workspaceOf(ctx))).map(targetView),
});

export const scrapeTargetsCreate = defineOperation({
  name: "scrape.targets.create",
  summary: "Scrape a Prometheus endpoint (text exposition format) on an interval",
  input: z.strictObject({
    name: zName,
    url: zUrl,
    job: zJob.optional().describe("The job label; defaults to the name"),
    intervalSeconds: zInterval.default(60),
    isEnabled: z.boolean().optional(),
  }),
  output: zTarget,
  permission: "ingest:manage",
  mutates: true,
  handler: async (input, ctx) => {
    const job = input.job ?? input.name.replace(/[^a-zA-Z0-9_:-]+/g, "_");
    const row = await createTarget(ctx.db, workspaceOf(ctx), { ...input, job });
    ctx.audit.targetId = row.id;
    changed(ctx, "scrape.targets.create");
    return targetView(row);
  },
});

export const scrapeTargetsUpdate = defineOperation({
  name: "scrape.targets.update",
  summary: "Change a scrape target's name, URL, job, interval, or pause it",
  input: z.strictObject({
    id: zId,
    name: zName.optional(),
    url: zUrl.optional(),
    job: zJob.optional(),
    intervalSeconds: zInterval.optional(),
    isEnabled: z.boolean().optional(),
  }),
  output: zTarget,
  permission: "ingest:manage",
  mutates: true,
  handler: async ({ id, ...patch }, ctx) => {
    const row = await updateTarget(ctx.db, workspaceOf(ctx), id, patch);
    ctx.audit.targetId = id;
    changed(ctx, "scrape.targets.update");
    return targetView(row);
  },
});

export const scrapeTargetsDelete = defineOperation({
  name: "scrape.targets.delete",
  summary: "Stop scraping a target (its samples stay until retention removes them)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "ingest:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    await deleteTarget(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = id;
    changed(ctx, "scrape.targets.delete");
    return { ok: true as const };
  },
});

export const scrapeTargetsRun = defineOperation({
  name: "scrape.targets.run",
  summary: "Scrape a target now and record the outcome",
  input: z.strictObject({ id: zId }),
  output: z.object({
    samples: z.number().int(),
    durationMs: z.number().int(),
    error: z.string().nullable(),
  }),
  permission: "ingest:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    const target = await targetOf(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = id;
    const outcome = await scrapeNow(ctx.db, target, ctx.services.config.blockPrivateNetworks);
    changed(ctx, "scrape.targets.run");
    return outcome;
  },
});

export const scrapeOperations = [
  scrapeTargetsList,
  scrapeTargetsCreate,
  scrapeTargetsUpdate,
  scrapeTargetsDelete,
  scrapeTargetsRun,
] as const;
