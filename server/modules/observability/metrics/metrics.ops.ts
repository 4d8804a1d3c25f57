import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zId, zTimestamp } from "../../../platform/operations/zod.ts";
import { AGGREGATIONS } from "./aggregations.ts";
import { metricLabels, metricNames, queryMetric } from "./metric-query.ts";

const zInstant = z.iso.datetime({ offset: true });
const zMetricName = z.string().trim().min(1).max(200);

/** What a metric query takes: metrics.query, and metrics.anomalies over the same series. */
export const zMetricQueryInput = z.object({
  metric: zMetricName,
  from: zInstant,
  to: zInstant,
  step: z
    .number()
    .int()
    .min(1)
    .max(86_400 * 7)
    .describe("Seconds per point"),
  aggregation: z.enum(AGGREGATIONS).default("avg"),
  groupBy: z.array(z.string().min(1).max(100)).max(5).default([]),
  where: z.record(z.string().max(100), z.string().max(500)).optional(),
  resourceId: zId.optional().describe("Only series of this inventory resource"),
});

export const metricsQuery = defineOperation({
  name: "metrics.query",
  summary: "A metric over time: aggregated per step, one series per group-by value",
  description:
    "Steps that are whole hours read the hourly roll-up, whole minutes the minute roll-up, " +
    "shorter steps the raw samples.",
  input: zMetricQueryInput,
  output: z.object({
    step: z.number().int(),
    source: z.enum(["raw", "rollup_1m", "rollup_1h"]),
    metric: z
      .string()
      .optional()
      .describe(
        "The metric read, when not the one asked: a quantile of a histogram asked by the name " +
          "it was sent under (qa_latency_ms) reads its qa_latency_ms_bucket series",
      ),
    series: z.array(
      z.object({
        labels: z.record(z.string(), z.string().nullable()),
        points: z.array(z.object({ time: zTimestamp, value: z.number() })),
      }),
    ),
  }),
  permission: "logs:read",
  mutates: false,
  example: {
    metric: "http_requests_total",
    from: "2026-11-25T00:00:00Z",
    to: "2026-11-26T00:00:00Z",
    step: 3600,
    aggregation: "sum",
    groupBy: ["service"],
  },
  handler: (input, ctx) =>
    queryMetric(ctx.db, workspaceOf(ctx), {
      ...input,
      from: new Date(input.from),
      to: new Date(input.to),
    }),
});

export const metricsNames = defineOperation({
  name: "metrics.names",
  summary: "Metric names received in this workspace, with their number of series",
  input: z.object({
    prefix: z.string().max(200).optional(),
    resourceId: zId.optional().describe("Only metrics with series of this inventory resource"),
  }),
  output: z.array(z.object({ name: z.string(), series: z.number().int() })),
  permission: "logs:read",
  mutates: false,
  handler: (input, ctx) => metricNames(ctx.db, workspaceOf(ctx), input.prefix, input.resourceId),
});

export const metricsLabels = defineOperation({
  name: "metrics.labels",
  summary: "Label names of a metric's series and some of their values, for group-by and filters",
  input: z.object({ metric: zMetricName }),
  output: z.array(z.object({ name: z.string(), values: z.array(z.string()) })),
  permission: "logs:read",
  mutates: false,
  handler: (input, ctx) => metricLabels(ctx.db, workspaceOf(ctx), input.metric),
});

export const metricsOperations = [metricsQuery, metricsNames, metricsLabels] as const;
