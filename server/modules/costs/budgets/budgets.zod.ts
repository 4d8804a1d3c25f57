import { z } from "zod";
import { zId, zName, zTimestamp } from "../../../platform/operations/zod.ts";
import { zFilters } from "../explorer/query.ts";
import { THRESHOLD_BASES } from "./budget-status.ts";
import { BUDGET_PERIODS } from "./periods.ts";

/** The metrics a budget can watch: what is invoiced, or what it costs amortised. */
export const BUDGET_METRICS = ["BilledCost", "EffectiveCost"] as const;

/** ISO 4217 codes in use, as the runtime's ICU knows them: a typo such as "UDS" is refused. */
const ISO_CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));

const zDecimal = z.string().describe("A decimal amount, exact, as a string");

export const zAmount = z
  .string()
  .trim()
  .regex(/^\d{1,15}(\.\d{1,6})?$/, "must be an amount such as 1500 or 1500.50")
  // Zod runs this after a failed regex too: a digit test needs no parsing, so it cannot throw.
  .refine((value) => /[1-9]/.test(value), "must be more than 0")
  .describe("The budget per period, a decimal string");

export const zThreshold = z.object({
  percent: z
    .number()
    .positive("must be more than 0")
    .max(1000, "must be at most 1000")
    .describe("Percent of the amount, e.g. 80"),
  basis: z
    .enum(THRESHOLD_BASES)
    .describe("actual: spend so far; forecast: forecast spend by the end of the period"),
});

const zThresholds = z
  .array(zThreshold)
  .max(10, "at most 10 thresholds")
  .superRefine((thresholds, ctx) => {
    const seen = new Set<string>();
    thresholds.forEach((t, i) => {
      const key = `${t.percent}/${t.basis}`;
      if (seen.has(key))
        ctx.addIssue({
          code: "custom",
          message: `${t.percent}% on ${t.basis} is listed twice`,
          path: [i, "percent"],
        });
      seen.add(key);
    });
  });

const zWebhookUrl = z
  .url({ protocol: /^https?$/, error: "must be an http or https URL" })
  .max(2000)
  .describe("Receives a signed JSON POST when a threshold is crossed");

export const zBudgetFields = {
  name: zName,
  period: z.enum(BUDGET_PERIODS),
  amount: zAmount,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be a 3-letter currency code such as USD")
    // After a failed regex too, but a lookup in a set cannot throw.
    .refine((code) => ISO_CURRENCIES.has(code), "is not an ISO 4217 currency code")
    .describe("Billing currency of the costs it counts (ISO 4217)"),
  metric: z.enum(BUDGET_METRICS),
  filters: zFilters,
  thresholds: zThresholds,
  webhookUrl: zWebhookUrl,
};

export const zBudget = z.object({
  id: zId,
  name: z.string(),
  period: z.enum(BUDGET_PERIODS),
  amount: zDecimal,
  currency: z.string(),
  metric: z.enum(BUDGET_METRICS),
  filters: zFilters,
  thresholds: z.array(zThreshold),
  webhookUrl: z
    .string()
    .nullable()
    .describe("Where alerts are POSTed: its origin only, the path is never shown again"),
  enabled: z.boolean(),
  createdAt: zTimestamp,
  updatedAt: zTimestamp,
});

export const zBudgetStatus = z.object({
  periodStart: z.string(),
  periodEnd: z.string().describe("The day after the period's last day"),
  dataThrough: z.string().nullable().describe("The last day with imported cost data"),
  actual: zDecimal,
  forecast: zDecimal.describe("Actual plus the forecast for the rest of the period"),
  forecastLower: zDecimal,
  forecastUpper: zDecimal,
  forecastLevel: z.number(),
  forecastMethod: z.string(),
  percentUsed: z.number(),
  forecastPercent: z.number(),
  hasCostsInCurrency: z
    .boolean()
    .describe("false: the ledger has no cost in the budget's currency that its filters match"),
  thresholds: z.array(
    zThreshold.extend({
      crossed: z.boolean(),
      firedAt: zTimestamp.nullable(),
      webhookStatus: z.string().nullable(),
    }),
  ),
});

export const zBurnDown = z.object({
  dates: z.array(z.string()),
  actual: z.array(zDecimal.nullable()),
  forecast: z.array(zDecimal.nullable()),
  forecastLower: z.array(zDecimal.nullable()),
  forecastUpper: z.array(zDecimal.nullable()),
  pace: z.array(zDecimal),
});

export const zBudgetAlert = z.object({
  id: zId,
  periodStart: z.string(),
  percent: z.number(),
  basis: z.enum(THRESHOLD_BASES),
  spend: zDecimal,
  webhookStatus: z.enum(["pending", "delivered", "failed", "none"]),
  webhookError: z.string().nullable(),
  firedAt: zTimestamp,
});
