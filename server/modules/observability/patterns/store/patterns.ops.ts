import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../../platform/operations/zod.ts";
import { LEVELS } from "../../logs/log-line.ts";
import { MINE_WORKSPACE_JOB } from "./pattern-job.ts";
import { listPatterns, patternLines } from "./pattern-queries.ts";

/** How long a requested mining run waits in the queue, where further requests join it. */
const MINE_REQUEST_DELAY_MS = 5000;

const zInstant = z.iso.datetime({ offset: true });
const zLevel = z.enum(LEVELS);

const zPattern = z.object({
  id: zId.describe("Pattern id, for logs.patternLines"),
  templateId: z.string().describe("The miner's template id (stable across runs)"),
  service: z.string(),
  template: z.string().describe("Template text; <*> marks the variable parts"),
  level: z.string().describe("Most severe level a line of it was logged at"),
  example: z.string(),
  count: z.number().int().describe("Lines in the period (whole hours)"),
  totalCount: z.number().int().describe("Lines ever mined"),
  firstSeen: zTimestamp,
  lastSeen: zTimestamp,
  isNew: z.boolean().describe("Found after the mining baseline and first seen in the period"),
  trend: z.array(z.number().int()).describe("Lines per bucket (see bucketStarts)"),
});

export const logsPatterns = defineOperation({
  name: "logs.patterns",
  summary: "Log templates (patterns) with their counts, trend and first appearance in a period",
  input: z.object({
    from: zInstant.describe("Start of the period (taken from the start of its hour)"),
    to: zInstant.describe("End of the period (taken to the end of its hour)"),
    service: z.string().max(200).optional(),
    q: z.string().max(200).optional().describe("Text the template or its example contains"),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({
    stepSeconds: z.number().int(),
    bucketStarts: z.array(zTimestamp),
    minedAt: zTimestamp.nullable().describe("When the miner last ran for this workspace"),
    baselineAt: zTimestamp.nullable().describe("Patterns found after this are new"),
    items: z.array(zPattern),
  }),
  permission: "logs:read",
  mutates: false,
  example: { from: "2026-11-25T00:00:00Z", to: "2026-11-26T00:00:00Z", service: "api" },
  handler: (input, ctx) =>
    listPatterns(ctx.db, workspaceOf(ctx), {
      ...input,
      from: new Date(input.from),
      to: new Date(input.to),
    }),
});

const zLine = z.object({
  id: z.string(),
  time: zTimestamp,
  service: z.string(),
  level: zLevel,
  message: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  resourceId: zId.nullable(),
});

export const logsPatternLines = defineOperation({
  name: "logs.patternLines",
  summary: "The log lines of one pattern in a period, newest first",
  input: z.object({
    patternId: zId,
    from: zInstant,
    to: zInstant,
    limit: z.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(40).optional().describe("nextCursor of the previous page"),
  }),
  output: z.object({
    pattern: z.object({ id: zId, template: z.string(), service: z.string() }),
    items: z.array(zLine),
    scanned: z.number().int().describe("Candidate lines read to find these"),
    nextCursor: z.string().nullable().describe("Where to continue; null when the period is done"),
  }),
  permission: "logs:read",
  mutates: false,
  handler: (input, ctx) =>
    patternLines(ctx.db, workspaceOf(ctx), {
      ...input,
      from: new Date(input.from),
      to: new Date(input.to),
    }),
});

export const logsMinePatterns = defineOperation({
  name: "logs.minePatterns",
  summary: "Mine the workspace's new log lines into patterns now, instead of at the next minute",
  input: z.strictObject({}),
  output: z.object({
    jobId: zId.describe("The queued mining job (one per workspace at a time)"),
    status: z.string(),
  }),
  permission: "observability:manage",
  mutates: true,
  handler: async (_input, ctx) => {
    const workspaceId = workspaceOf(ctx);
    // A request while one is queued joins it: pressing the button twice mines once. It waits a
    // few seconds in the queue for such presses; the lines answered up to now are all mined.
    const job = await ctx.services.jobs.enqueue(
      ctx.db,
      MINE_WORKSPACE_JOB,
      { workspaceId },
      {
        workspaceId,
        singletonKey: `${MINE_WORKSPACE_JOB}:${workspaceId}`,
        runAt: new Date(Date.now() + MINE_REQUEST_DELAY_MS),
      },
    );
    ctx.audit.targetId = job.id;
    return { jobId: job.id, status: job.status };
  },
});

export const patternOperations = [logsPatterns, logsPatternLines, logsMinePatterns] as const;
