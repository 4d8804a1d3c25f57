import { z } from "zod";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zTimestamp } from "../../../platform/operations/zod.ts";
import { metricAnomalies } from "./metric-anomalies.ts";
import { zMetricQueryInput } from "./metrics.ops.ts";

export const metricsAnomalies = defineOperation({
  name: "metrics.anomalies",
  summary: "A metric over time with each point judged by the anomaly engine: expected, band, score",
  description:
    "The same series as metrics.query, each point with what the engine expected from the points " +
    "before it, the band of usual values (lower..upper) and an anomaly score (0..1, above 0.5 " +
    "outside the band). The engine learns from up to two days before `from` first.",
  input: zMetricQueryInput,
  output: z.object({
    step: z.number().int(),
    source: z.enum(["raw", "rollup_1m", "rollup_1h"]),
    historyFrom: zTimestamp.describe("Where the engine's history starts"),
    series: z.array(
      z.object({
        labels: z.record(z.string(), z.string().nullable()),
        anomalies: z.number().int().describe("Points of the period scoring above 0.5"),
        points: z.array(
          z.object({
            time: zTimestamp,
            value: z.number(),
            expected: z.number(),
            lower: z.number(),
            upper: z.number(),
            score: z.number(),
            isWarmingUp: z.boolean(),
          }),
        ),
      }),
    ),
  }),
  permission: "logs:read",
  mutates: false,
  example: {
    metric: "http_requests_per_second",
    from: "2026-11-25T00:00:00Z",
    to: "2026-11-26T00:00:00Z",
    step: 300,
    aggregation: "sum",
    groupBy: ["service"],
  },
  handler: (input, ctx) =>
    metricAnomalies(ctx.db, workspaceOf(ctx), {
      ...input,
      from: new Date(input.from),
      to: new Date(input.to),
    }),
});
