import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zTimestamp } from "../../../platform/operations/zod.ts";
import { AGGREGATIONS } from "./aggregations.ts";
import { forecastMetric } from "./forecast.ts";

export const metricsForecast = defineOperation({
  name: "metrics.forecast",
  summary: "Capacity forecast: when each series' trend crosses a threshold",
  description:
    "A robust trend (Theil–Sen) through the last days of hourly points, per group. " +
    "E.g. days until a disk is full: metric node_filesystem_avail_bytes, groupBy " +
    '["instance","mountpoint"], threshold 0, direction "below". Soonest crossing first.',
  input: z.object({
    metric: z.string().trim().min(1).max(200),
    where: z.record(z.string().max(100), z.string().max(500)).optional(),
    groupBy: z.array(z.string().min(1).max(100)).max(5).default([]),
    aggregation: z.enum(AGGREGATIONS).default("avg"),
    threshold: z.number().describe("The value that must not be reached"),
    direction: z
      .enum(["above", "below"])
      .default("above")
      .describe('"below" when the value falls toward the threshold (free space)'),
    lookbackDays: z.number().int().min(1).max(83).default(14),
    horizonDays: z.number().int().min(1).max(3650).default(90),
  }),
  output: z.object({
    series: z.array(
      z.object({
        labels: z.record(z.string(), z.string().nullable()),
        current: z.number(),
        lastValue: z.number(),
        slopePerDay: z.number(),
        trend: z.enum(["rising", "falling", "flat"]),
        crossesAt: zTimestamp.nullable(),
        daysLeft: z.number().nullable(),
        breached: z.boolean(),
        confidence: z.number().describe("0.5 = no clear trend, 1 = every pair of points agrees"),
        points: z.number().int(),
        historyDays: z.number(),
        explanation: z.string(),
      }),
    ),
    seriesWithTooLittleHistory: z.number().int(),
  }),
  permission: "logs:read",
  mutates: false,
  example: {
    metric: "node_filesystem_avail_bytes",
    groupBy: ["instance", "mountpoint"],
    threshold: 0,
    direction: "below",
  },
  handler: (input, ctx) => forecastMetric(ctx.db, workspaceOf(ctx), { ...input, now: new Date() }),
});
