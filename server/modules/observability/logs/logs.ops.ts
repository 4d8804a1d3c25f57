import { z } from "zod";
import { notFound } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { HOURLY_ROLLUP_DAYS } from "../metrics/metric-retention.ts";
import { zLogAttributes } from "./log-attributes.zod.ts";
import { LEVELS } from "./log-line.ts";
import { observabilitySettingsOf, setObservabilitySettings } from "./log-retention.ts";
import { logContext, logHistogram, logServices, searchLogs } from "./log-search.ts";

const zInstant = z.iso.datetime({ offset: true });
const zLevel = z.enum(LEVELS);

const zFilter = {
  q: z.string().max(500).optional().describe('Full text: all words, "a phrase", -excluded, or'),
  from: zInstant.describe("Start of the period (inclusive)"),
  to: zInstant.describe("End of the period (exclusive)"),
  service: z.string().max(200).optional(),
  level: zLevel.optional(),
  resourceId: zId.optional(),
  attributes: zLogAttributes
    .optional()
    .describe(
      'Attribute values lines must have, e.g. {"http.status_code": "500"}; a dotted key also reads nested JSON',
    ),
};

const zLogItem = z.object({
  id: z.string().describe("Line id, for logs.context and cursors"),
  time: zTimestamp,
  service: z.string(),
  level: zLevel,
  message: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  resourceId: zId.nullable(),
});

function period(input: { from: string; to: string }) {
  return { from: new Date(input.from), to: new Date(input.to) };
}

export const logsSearch = defineOperation({
  name: "logs.search",
  summary: "Search log lines by text, service, level and time range, newest first",
  input: z.object({
    ...zFilter,
    limit: z.number().int().min(1).max(1000).default(100),
    cursor: z.string().max(40).optional().describe("nextCursor of the previous page"),
  }),
  output: z.object({
    total: z
      .number()
      .int()
      .describe(
        "Lines matching over the whole period, counted exactly up to 10,000; when more match, 10,000 and totalIsLowerBound is true",
      ),
    totalIsLowerBound: z
      .boolean()
      .describe("True when more lines match than total says (counting stopped at 10,000)"),
    items: z.array(zLogItem),
    nextCursor: z.string().nullable(),
  }),
  permission: "logs:read",
  mutates: false,
  example: { q: "error", from: "2026-11-25T00:00:00Z", to: "2026-11-26T00:00:00Z" },
  handler: (input, ctx) => searchLogs(ctx.db, workspaceOf(ctx), { ...input, ...period(input) }),
});

export const logsHistogram = defineOperation({
  name: "logs.histogram",
  summary: "Number of matching log lines per time bucket, by level",
  input: z.object({ ...zFilter, maxBuckets: z.number().int().min(1).max(500).default(60) }),
  output: z.object({
    stepSeconds: z.number().int(),
    buckets: z.array(
      z.object({
        start: zTimestamp,
        count: z.number().int(),
        levels: z.record(z.string(), z.number()),
      }),
    ),
  }),
  permission: "logs:read",
  mutates: false,
  handler: (input, ctx) => logHistogram(ctx.db, workspaceOf(ctx), { ...input, ...period(input) }),
});

export const logsContext = defineOperation({
  name: "logs.context",
  summary: "The lines logged just before and after one line",
  input: z.object({
    id: z.string().max(40),
    before: z.number().int().min(0).max(200).default(20),
    after: z.number().int().min(0).max(200).default(20),
    service: z.string().max(200).optional().describe("Only lines of this service"),
  }),
  output: z.object({ line: zLogItem, before: z.array(zLogItem), after: z.array(zLogItem) }),
  permission: "logs:read",
  mutates: false,
  handler: async (input, ctx) => {
    const found = await logContext(ctx.db, workspaceOf(ctx), input);
    if (!found) throw notFound("Log line");
    return found;
  },
});

export const logsServices = defineOperation({
  name: "logs.services",
  summary: "Services that logged in a period, busiest first, with their line counts",
  input: z.object({ from: zInstant, to: zInstant }),
  output: z.object({
    items: z.array(z.object({ service: z.string(), count: z.number().int() })),
    total: z.number().int().describe("Services that logged in the period, listed or not"),
    truncated: z.boolean().describe("Only the busiest 200 are listed"),
  }),
  permission: "logs:read",
  mutates: false,
  handler: (input, ctx) => {
    const { from, to } = period(input);
    return logServices(ctx.db, workspaceOf(ctx), from, to);
  },
});

const zSettings = z.object({
  logRetentionDays: z.number().int(),
  metricRetentionDays: z.number().int().describe("Metric samples and minute roll-ups"),
  hourlyRollupDays: z.number().int().describe("Hourly roll-ups, the same for every workspace"),
});
const withRollupDays = (s: { logRetentionDays: number; metricRetentionDays: number }) => ({
  ...s,
  hourlyRollupDays: HOURLY_ROLLUP_DAYS,
});

export const observabilitySettingsGet = defineOperation({
  name: "observability.settings.get",
  summary: "How long this workspace keeps logs and metric samples",
  input: z.object({}),
  output: zSettings,
  permission: "logs:read",
  mutates: false,
  handler: async (_input, ctx) =>
    withRollupDays(await observabilitySettingsOf(ctx.db, workspaceOf(ctx))),
});

export const observabilitySettingsSet = defineOperation({
  name: "observability.settings.set",
  summary: "Set how many days of logs and metric samples this workspace keeps",
  input: z.strictObject({
    logRetentionDays: z.number().int().min(1).max(3650).optional(),
    metricRetentionDays: z.number().int().min(1).max(3650).optional(),
  }),
  output: zSettings,
  permission: "observability:manage",
  mutates: true,
  handler: async (input, ctx) =>
    withRollupDays(await setObservabilitySettings(ctx.db, workspaceOf(ctx), input)),
});

export const logsOperations = [
  logsSearch,
  logsHistogram,
  logsContext,
  logsServices,
  observabilitySettingsGet,
  observabilitySettingsSet,
] as const;
