import { z } from "zod";
import { invalid } from "../../../platform/errors.ts";
import { defineOperation, workspaceOf } from "../../../platform/operations/define.ts";
import { zCurrencyCode } from "../../../platform/operations/zod.ts";
import { dateOfDay, dayNumber } from "../analysis/daily-series.ts";
import { type Filters, METRICS, zFilters, zGroupBy } from "../explorer/query.ts";
import { forecastCosts, HISTORY_DAYS, TOP_GROUPS } from "./forecast.service.ts";

const zDecimal = z.string().describe("A decimal amount, as a string (an estimate: 4 decimals)");
/** Further ahead than this, a daily model of the last two months says little. */
const MAX_DAYS_AHEAD = 366;

const zForecastSeries = z.object({
  method: z.string().describe("The model chosen and what it set aside"),
  history: z.array(z.object({ date: z.string(), value: zDecimal })),
  points: z.array(
    z.object({ date: z.string(), value: zDecimal, lower: zDecimal, upper: zDecimal }),
  ),
  total: zDecimal.describe("Forecast cost from the day after the history up to until"),
  totalLower: zDecimal,
  totalUpper: zDecimal,
  actualToDate: zDecimal.describe("Cost so far in the current month"),
  projectedPeriodTotal: zDecimal.describe("The month (up to until) so far plus the forecast"),
  projectedPeriodLower: zDecimal,
  projectedPeriodUpper: zDecimal,
});

export const costsForecast = defineOperation({
  name: "costs.forecast",
  summary: "Forecast daily cost to the end of the month (or a given day), with a prediction band",
  description:
    `Learns from the last ${HISTORY_DAYS} days up to yesterday (or the last imported day) with ` +
    "robust exponential smoothing. With groupBy, also one forecast per each of the " +
    `${TOP_GROUPS} largest groups.`,
  input: z.object({
    filters: zFilters.optional(),
    metric: z.enum(METRICS).default("BilledCost"),
    currency: zCurrencyCode.optional().describe("Forecast this billing currency"),
    groupBy: zGroupBy.optional().describe('A FOCUS dimension or "tag:<key>"'),
    until: z.iso
      .date()
      .optional()
      .describe("Day after the last forecast day (exclusive); default the 1st of next month"),
    level: z.coerce.number().min(0.5).max(0.99).default(0.8).describe("Band coverage"),
  }),
  output: zForecastSeries.extend({
    currency: z.string().nullable(),
    metric: z.enum(METRICS),
    level: z.number(),
    historyFrom: z.string(),
    periodStart: z.string().describe("First day of the month the projection completes"),
    until: z.string(),
    groups: z.array(zForecastSeries.extend({ key: z.string().nullable() })),
  }),
  permission: "costs:read",
  mutates: false,
  example: { metric: "BilledCost", groupBy: "ServiceName" },
  handler: async (input, ctx) => {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    if (input.until !== undefined && input.until <= today)
      throw invalid("until", `must be after today (${today})`);
    const latest = dateOfDay(dayNumber(today) + MAX_DAYS_AHEAD);
    if (input.until !== undefined && input.until > latest)
      throw invalid("until", `must be within a year (by ${latest})`);
    return forecastCosts(ctx.db, {
      ...input,
      filters: input.filters as Filters | undefined,
      workspaceId: workspaceOf(ctx),
      today: now,
    });
  },
});

export const forecastOperations = [costsForecast] as const;
