import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import {
  defineOperation,
  type OperationContext,
  userOf,
  workspaceOf,
} from "../../../platform/operations/define.ts";
import { zId, zOk, zTimestamp } from "../../../platform/operations/zod.ts";
import { forgetHealthCheck } from "../alerts/engine.ts";
import {
  type Check,
  createCheck,
  deleteCheck,
  getCheck,
  listChecks,
  updateCheck,
} from "./checks.service.ts";
import { type CheckKind, ZCheck, ZCheckCreate, ZResult } from "./checks.zod.ts";
import { dailyOf, recentOf, resultsOf, statusChangesOf, uptimeOf } from "./stats.ts";
import { enqueueRun, runAndRecord } from "./uptime.jobs.ts";

const SPARKLINE_POINTS = 30;

const view = (row: Check) => ({
  ...row,
  kind: row.kind as CheckKind,
  status: row.status as "unknown" | "up" | "down",
  settings: row.settings as Record<string, unknown>,
});

const zRatio = z.number().nullable().describe("Share of runs that were up, 0..1; null: no runs");

/** Days of runs the checks list shows per check (the detail shows 90). */
const LIST_DAYS = 30;
const zDay = z.object({
  day: z.string().describe("UTC day, YYYY-MM-DD"),
  upCount: z.number(),
  totalCount: z.number(),
  avgLatencyMs: z.number().nullable(),
});
const dayView = (d: Awaited<ReturnType<typeof dailyOf>>[number]) => ({
  day: d.day,
  upCount: d.upCount,
  totalCount: d.totalCount,
  avgLatencyMs: d.latencyCount ? Math.round(d.latencySumMs / d.latencyCount) : null,
});

const changed = (ctx: OperationContext, operation: string) =>
  ctx.services.events.publish(workspaceOf(ctx), { type: "changed", operation });

export const checksList = defineOperation({
  name: "health.checks.list",
  summary: "Health checks with their status and the latency of their last runs",
  input: z.object({}),
  output: z.array(
    ZCheck.extend({
      recent: z
        .array(z.object({ isUp: z.boolean(), latencyMs: z.number().nullable() }))
        .describe(`Up to ${SPARKLINE_POINTS} latest runs, oldest first`),
      uptimeMonth: zRatio.describe("Over the last 30 days (UTC days, today included)"),
      days: z
        .array(zDay)
        .describe("The last 30 UTC days that have runs, oldest first (days without runs left out)"),
    }),
  ),
  permission: "health:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const rows = await listChecks(ctx.db, workspaceId);
    const ids = rows.map((r) => r.id);
    const recent = await recentOf(ctx.db, workspaceId, ids, SPARKLINE_POINTS);
    const days = new Map<string, ReturnType<typeof dayView>[]>();
    for (const d of await dailyOf(ctx.db, workspaceId, ids, new Date(), LIST_DAYS)) {
      const list = days.get(d.checkId);
      if (list) list.push(dayView(d));
      else days.set(d.checkId, [dayView(d)]);
    }
    return rows.map((row) => {
      const own = days.get(row.id) ?? [];
      const total = own.reduce((sum, d) => sum + d.totalCount, 0);
      return {
        ...view(row),
        recent: recent.get(row.id) ?? [],
        uptimeMonth: total === 0 ? null : own.reduce((sum, d) => sum + d.upCount, 0) / total,
        days: own,
      };
    });
  },
});

export const checksGet = defineOperation({
  name: "health.checks.get",
  summary: "One check with uptime over 24h/7d/30d/90d, latency percentiles, daily bars and changes",
  input: z.object({ id: zId }),
  output: z.object({
    check: ZCheck,
    uptime: z.object({ day: zRatio, week: zRatio, month: zRatio, quarter: zRatio }),
    latency: z
      .object({
        p50: z.number().nullable(),
        p95: z.number().nullable(),
        p99: z.number().nullable(),
      })
      .describe("Milliseconds over the last 24 hours, up runs only"),
    days: z.array(zDay).describe("The last 90 UTC days that have runs, oldest first"),
    changes: z.array(
      z.object({ at: zTimestamp, status: z.enum(["up", "down"]), error: z.string().nullable() }),
    ),
  }),
  permission: "health:read",
  mutates: false,
  handler: async ({ id }, ctx) => {
    const workspaceId = workspaceOf(ctx);
    const check = await getCheck(ctx.db, workspaceId, id);
    const now = new Date();
    const stats = await uptimeOf(ctx.db, workspaceId, id, now);
    const days = (await dailyOf(ctx.db, workspaceId, [id], now, 90)).map(dayView);
    const changes = await statusChangesOf(ctx.db, workspaceId, id, 30);
    return { check: view(check), ...stats, days, changes };
  },
});

export const checksResults = defineOperation({
  name: "health.checks.results",
  summary: "Runs of one check in a time range, newest first (kept 35 days)",
  input: z.object({
    id: zId,
    from: z.iso.datetime().optional().describe("Default: 24 hours ago"),
    to: z.iso.datetime().optional().describe("Default: now"),
    limit: z.coerce.number().int().min(1).max(5_000).default(500),
  }),
  output: z.array(ZResult),
  permission: "health:read",
  mutates: false,
  handler: async (input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    await getCheck(ctx.db, workspaceId, input.id);
    const to = input.to ? new Date(input.to) : new Date();
    const from = input.from ? new Date(input.from) : new Date(to.getTime() - 86_400_000);
    if (from >= to) throw invalid("to", "must be after from");
    return resultsOf(ctx.db, workspaceId, input.id, { from, to, limit: input.limit });
  },
});

export const checksCreate = defineOperation({
  name: "health.checks.create",
  summary: "Add an HTTP(S), TCP or DNS check; its first run is due at once",
  input: ZCheckCreate,
  output: ZCheck,
  permission: "health:manage",
  mutates: true,
  example: { kind: "http", name: "Website", target: "https://example.com/", intervalSeconds: 60 },
  handler: async (input, ctx) => {
    const row = await createCheck(ctx.db, workspaceOf(ctx), input, userOf(ctx) ?? null);
    ctx.audit.targetId = row.id;
    if (row.isEnabled) await enqueueRun(ctx.services, ctx.db, row, row.nextRunAt);
    changed(ctx, "health.checks.create");
    return view(row);
  },
});

export const checksUpdate = defineOperation({
  name: "health.checks.update",
  summary: "Change a check's name, target, settings, schedule, or pause and resume it",
  input: z.strictObject({
    id: zId,
    name: z.string().trim().min(1).max(120).optional(),
    target: z.string().trim().min(1).max(2000).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    service: z.string().trim().min(1).max(120).nullable().optional(),
    intervalSeconds: z.number().int().min(10).max(86_400).optional(),
    timeoutMs: z.number().int().min(100).max(60_000).optional(),
    retries: z.number().int().min(0).max(5).optional(),
    isEnabled: z.boolean().optional(),
  }),
  output: ZCheck,
  permission: "health:manage",
  mutates: true,
  handler: async ({ id, ...changes }, ctx) => {
    const row = await updateCheck(ctx.db, workspaceOf(ctx), id, changes);
    ctx.audit.targetId = id;
    if (row.isEnabled) await enqueueRun(ctx.services, ctx.db, row, row.nextRunAt);
    changed(ctx, "health.checks.update");
    return view(row);
  },
});

export const checksDelete = defineOperation({
  name: "health.checks.delete",
  summary:
    "Delete a check and its results; alert rules that named it drop it (a rule left with none is turned off)",
  input: z.strictObject({ id: zId }),
  output: zOk,
  permission: "health:manage",
  mutates: true,
  handler: async ({ id }, ctx) => {
    await deleteCheck(ctx.db, workspaceOf(ctx), id);
    await forgetHealthCheck(ctx.db, ctx.services, workspaceOf(ctx), id);
    ctx.audit.targetId = id;
    changed(ctx, "health.checks.delete");
    return { ok: true as const };
  },
});

export const checksRun = defineOperation({
  name: "health.checks.run",
  summary: "Run a check now and record the result (the schedule is unchanged)",
  input: z.strictObject({ id: zId }),
  output: ZResult,
  permission: "health:manage",
  mutates: true,
  // The probe can take the check's whole timeout: no transaction is held open meanwhile.
  atomic: false,
  handler: async ({ id }, ctx) => {
    const check = await getCheck(ctx.db, workspaceOf(ctx), id);
    ctx.audit.targetId = id;
    const { outcome, at } = await runAndRecord(ctx.db, ctx.services, check);
    return { at, ...outcome };
  },
});

export const checkOperations = [
  checksList,
  checksGet,
  checksResults,
  checksCreate,
  checksUpdate,
  checksDelete,
  checksRun,
] as const;
