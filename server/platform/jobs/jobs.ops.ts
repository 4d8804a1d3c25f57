import { z } from "zod";
import { defineOperation, workspaceOf } from "../operations/define.ts";
import { zId, zTimestamp } from "../operations/zod.ts";

const zStatus = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
const zJob = z.object({
  id: zId,
  name: z.string(),
  status: zStatus,
  attempts: z.number(),
  maxAttempts: z.number(),
  runAt: zTimestamp,
  lastError: z.string().nullable(),
  createdAt: zTimestamp,
  finishedAt: zTimestamp.nullable(),
});

export const jobsList = defineOperation({
  name: "jobs.list",
  summary: "Background jobs of the workspace, newest first",
  input: z.object({
    status: zStatus.optional(),
    name: z.string().max(100).optional(),
    before: zId.optional().describe("Page: jobs older than this job id"),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  output: z.array(zJob),
  permission: "jobs:read",
  mutates: false,
  handler: async (input, ctx) =>
    ctx.services.jobs.list(ctx.db, { ...input, workspaceId: workspaceOf(ctx) }),
});

export const jobsRetry = defineOperation({
  name: "jobs.retry",
  summary: "Run a failed or cancelled job again",
  input: z.strictObject({ jobId: zId }),
  output: zJob,
  permission: "jobs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.jobId;
    return ctx.services.jobs.retry(ctx.db, input.jobId, workspaceOf(ctx));
  },
});

export const jobsCancel = defineOperation({
  name: "jobs.cancel",
  summary: "Cancel a queued job before it runs",
  input: z.strictObject({ jobId: zId }),
  output: zJob,
  permission: "jobs:manage",
  mutates: true,
  handler: async (input, ctx) => {
    ctx.audit.targetId = input.jobId;
    return ctx.services.jobs.cancel(ctx.db, input.jobId, workspaceOf(ctx));
  },
});

export const schedulesList = defineOperation({
  name: "schedules.list",
  summary: "Recurring schedules of the workspace and of the instance",
  input: z.object({}),
  output: z.array(
    z.object({
      id: zId,
      key: z.string(),
      cron: z.string(),
      timezone: z.string(),
      jobName: z.string(),
      enabled: z.boolean(),
      nextRunAt: zTimestamp,
      lastRunAt: zTimestamp.nullable(),
      isInstanceWide: z.boolean(),
    }),
  ),
  permission: "jobs:read",
  mutates: false,
  handler: async (_input, ctx) => {
    const own = await ctx.services.jobs.listSchedules(ctx.db, workspaceOf(ctx));
    const instance = await ctx.services.jobs.listSchedules(ctx.db, null);
    return [...own, ...instance].map((s) => ({ ...s, isInstanceWide: s.workspaceId === null }));
  },
});

export const jobOperations = [jobsList, jobsRetry, jobsCancel, schedulesList] as const;
